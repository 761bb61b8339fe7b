// Live updates between two readers: one reader's comment reaches the other without a
// reload — a new conversation behind a “New comments” button, a reply in place — and a
// reader away for too many changes is offered the whole thread again.
import { test, expect } from "./own-server.mjs";
import { headingCount, openHostPage, openThread, waitForThread } from "./helpers.mjs";

/** Posts `text` from `page`'s reply box (under the thread, or under `comment`). */
async function post(page, text, comment) {
  if (comment) {
    await comment.locator(".confab-button--reply").first().click();
  }
  const box = (comment ?? page).locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill(text);
  await box.getByLabel(/^Name/).fill("Live Writer");
  await box.getByRole("button", { name: "Post Comment" }).click();
}

/** Makes `page` look hidden (another tab in front) or shown again, as the browser would. */
async function setHidden(page, hidden) {
  await page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

test("one reader's comments reach another reader without a reload", async ({ browser }) => {
  const writer = await (await browser.newContext()).newPage();
  const reader = await (await browser.newContext()).newPage();
  await openThread(writer);
  const heading = await openThread(reader);
  const run = Date.now();

  // A new conversation waits behind the button, so nothing moves under the reader; the
  // heading counts it at once.
  const before = await headingCount(heading);
  const conversation = `A new conversation, live ${run}`;
  await post(writer, conversation);
  const fresh = reader.locator(".confab-fresh");
  await expect(fresh).toHaveText("New comments: 1 — show", { timeout: 5_000 });
  await expect(reader.locator(".confab-comment", { hasText: conversation })).toHaveCount(0);
  await expect(heading).toHaveText(new RegExp(`^${before + 1} thoughts`));
  await fresh.click();
  await expect(reader.locator(".confab-comment", { hasText: conversation })).toHaveCount(1);
  await expect(fresh).toHaveCount(0);
  await expect(heading).toHaveText(new RegExp(`^${before + 1} thoughts`));

  // A reply to a comment the reader sees appears under it at once.
  const reply = `A live reply ${run}`;
  const liza = (page) => page.locator("li.confab-comment:has(> article .confab-badge)");
  await post(writer, reply, liza(writer));
  await expect(liza(reader).locator(".confab-comments--replies .confab-comment", { hasText: reply })).toHaveCount(1, {
    timeout: 5_000,
  });
  await expect(heading).toHaveText(new RegExp(`^${before + 2} thoughts`));

  // The reader's own comment shows once, not again through the stream.
  const own = `The reader's own words ${run}`;
  await post(reader, own);
  await expect(reader.locator(".confab-comment", { hasText: own })).toHaveCount(1);
  await reader.waitForTimeout(1_000);
  await expect(reader.locator(".confab-comment", { hasText: own })).toHaveCount(1);
  await expect(reader.locator(".confab-fresh")).toHaveCount(0);
  await expect(heading).toHaveText(new RegExp(`^${before + 3} thoughts`));
  await writer.context().close();
  await reader.context().close();
});

test("a reader whose tab was hidden catches up when it is shown again", async ({ browser }) => {
  const writer = await (await browser.newContext()).newPage();
  const reader = await (await browser.newContext()).newPage();
  await openThread(writer);
  await openThread(reader);
  const run = Date.now();

  await setHidden(reader, true);
  const whileAway = `Written while the reader looked away ${run}`;
  await post(writer, whileAway);
  await expect(writer.locator(".confab-comment", { hasText: whileAway })).toHaveCount(1);
  await reader.waitForTimeout(1_000);
  await expect(reader.locator(".confab-fresh")).toHaveCount(0);
  await setHidden(reader, false);
  await expect(reader.locator(".confab-fresh")).toHaveText("New comments: 1 — show", { timeout: 5_000 });
  await writer.context().close();
  await reader.context().close();
});

test("a comment posted and deleted while the reader looked away leaves the count as it was", async ({ browser }) => {
  const writer = await (await browser.newContext()).newPage();
  const reader = await (await browser.newContext()).newPage();
  await openThread(writer);
  const heading = await openThread(reader);
  const before = await headingCount(heading);
  const placeholders = reader.locator(".confab-comment__card--deleted");
  const placeholdersBefore = await placeholders.count();
  const run = Date.now();

  await setHidden(reader, true);
  const regretted = `Regretted at once ${run}`;
  await post(writer, regretted);
  const mine = writer.locator("li.confab-comment", { hasText: regretted });
  await mine.getByRole("button", { name: "Delete" }).click();
  await mine.getByRole("group").getByRole("button", { name: "Delete" }).click();
  await expect(writer.locator("li.confab-comment", { hasText: regretted })).toHaveCount(0);
  const stays = `This one stays ${run}`;
  await post(writer, stays);
  await expect(writer.locator(".confab-comment", { hasText: stays })).toHaveCount(1);
  await setHidden(reader, false);
  await expect(reader.locator(".confab-fresh")).toHaveText("New comments: 1 — show", { timeout: 5_000 });
  await expect(heading).toHaveText(new RegExp(`^${before + 1} thoughts`));
  await reader.locator(".confab-fresh").click();
  await expect(reader.locator(".confab-comment", { hasText: stays })).toHaveCount(1);
  await expect(placeholders).toHaveCount(placeholdersBefore);
  await writer.context().close();
  await reader.context().close();
});

test("a reader away for more changes than the stream brings back is offered the whole thread", async ({
  browser,
  baseURL,
}) => {
  const thread = `/live-away-${Date.now()}/`;
  const reader = await (await browser.newContext()).newPage();
  await openHostPage(reader, baseURL, { thread });
  const heading = await waitForThread(reader);
  await setHidden(reader, true);

  // One change more than a reconnection brings back (2,000), posted 50 at a time.
  const writer = await browser.newContext();
  for (let start = 0; start < 2_001; start += 50) {
    const batch = [];
    for (let n = start; n < Math.min(start + 50, 2_001); n += 1) {
      const data = { thread, author_name: "Busy Writer", body: `Comment number ${n} while the reader was away` };
      batch.push(writer.request.post(`${baseURL}/api/v1/comments`, { data }));
    }
    for (const answer of await Promise.all(batch)) expect(answer.status()).toBe(201);
  }
  await writer.close();

  await setHidden(reader, false);
  const missed = reader.locator("[part~='missed-comments']");
  await expect(missed).toHaveText("Comments changed while you were away — show them all", { timeout: 15_000 });
  await missed.click();
  await expect(heading).toHaveText(/^2,001 thoughts/);
  await expect(missed).toHaveCount(0);
  await expect(reader.locator(".confab-fresh")).toHaveCount(0);
  // The thread as read again: its first page, every comment of it from the server.
  await expect(reader.locator("li.confab-comment")).toHaveCount(20);
  await expect(reader.locator("li.confab-comment").first()).toContainText(/Comment number \d+ while/);
  await reader.context().close();
});
