// Reactions: a reader reacts to the page and, through "Add a reaction", to a comment;
// takes a reaction back with the keyboard alone (the focus stays where it was), and still
// sees their reactions after a reload; another reader's page shows them live; the
// reader's own comment takes none; a site that turned reactions off shows none; the
// page's bar is not drawn again when only the thread changes. In light and dark, with axe
// clean.
import { test, expect } from "./own-server.mjs";
import AxeBuilder from "@axe-core/playwright";
import { openHostPage, screenshotPath, waitForThread } from "./helpers.mjs";
import { startServer } from "./server.mjs";

let reacting;

test.beforeAll(async () => {
  reacting = await startServer();
});

test.afterAll(async () => {
  await reacting?.kill();
});

/** Posts a top-level comment to `thread` on `url`'s server; returns its id. */
async function post(request, url, thread, author_name, body) {
  const response = await request.post(`${url}/api/v1/comments`, {
    headers: { Origin: url },
    data: { thread, title: "Reactions", author_name, body },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).comment.id;
}

/** The reaction bar of comment `id`'s own card. */
function bar(page, id) {
  return page.locator(`#confab-comment-${id} > .confab-comment__card .confab-reactions`);
}

const pageBar = (page) => page.locator(".confab-thread > .confab-reactions");

for (const scheme of ["light", "dark"]) {
  test(`a reader reacts to the page and to a comment, and takes it back (${scheme})`, async ({ page, browser, request }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const thread = `/reactions-${scheme}/`;
    const id = await post(request, reacting.url, thread, "Rhea", "A comment to react to.");
    await openHostPage(page, reacting.url, { thread });
    await waitForThread(page);

    // The page offers every reaction.
    const heart = pageBar(page).getByRole("button", { name: "React with ❤️ (0)" });
    await expect(pageBar(page).getByRole("button")).toHaveCount(6);
    await expect(pageBar(page)).toHaveAttribute("aria-label", "Reactions to this page");
    await heart.click();
    const hearted = pageBar(page).getByRole("button", { name: "React with ❤️ (1)" });
    await expect(hearted).toHaveAttribute("aria-pressed", "true");
    await expect(hearted).toHaveText("❤️ 1");

    // A comment shows only "Add a reaction" until someone reacts.
    const add = bar(page, id).getByRole("button", { name: "Add a reaction" });
    await expect(bar(page, id).getByRole("button", { name: /^React with/ })).toHaveCount(0);
    await expect(add).toHaveAttribute("aria-expanded", "false");
    await add.click();
    await expect(add).toHaveAttribute("aria-expanded", "true");
    await expect(bar(page, id).getByRole("button", { name: /^React with/ })).toHaveCount(6);

    // Another reader has the thread open: the reaction reaches them live.
    const other = await browser.newPage();
    await openHostPage(other, reacting.url, { thread });
    await waitForThread(other);
    await bar(page, id).getByRole("button", { name: "React with 🎉 (0)" }).click();
    const party = bar(page, id).getByRole("button", { name: "React with 🎉 (1)" });
    await expect(party).toHaveAttribute("aria-pressed", "true");
    await expect(party).toBeFocused();
    await expect(bar(page, id).getByRole("button", { name: /^React with/ })).toHaveCount(1);
    await expect(bar(other, id).getByRole("button", { name: "React with 🎉 (1)" })).toHaveAttribute(
      "aria-pressed",
      "false",
    );
    await other.close();

    // Kept after a reload, then taken back with the keyboard alone.
    await page.reload();
    await page.locator("confab-comments").scrollIntoViewIfNeeded();
    await waitForThread(page);
    await expect(pageBar(page).getByRole("button", { name: "React with ❤️ (1)" })).toHaveAttribute("aria-pressed", "true");
    const kept = bar(page, id).getByRole("button", { name: "React with 🎉 (1)" });
    await expect(kept).toHaveAttribute("aria-pressed", "true");
    await page.locator(`#confab-comment-${id} > .confab-comment__card .confab-comment__permalink`).focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(kept).toBeFocused();
    await page.keyboard.press("Space");
    await expect(bar(page, id).getByRole("button", { name: /^React with/ })).toHaveCount(0);
    await expect(bar(page, id).getByRole("button", { name: "Add a reaction" })).toBeFocused();
    // The server counted them (a page kept ready for a moment may be read first).
    await expect
      .poll(async () => {
        const stored = await (await request.get(`${reacting.url}/api/v1/comments?thread=${thread}`)).json();
        return [stored.thread.page_reactions, stored.comments[0].reactions];
      })
      .toEqual([{ "❤️": 1 }, undefined]);

    await bar(page, id).getByRole("button", { name: "Add a reaction" }).click();
    await page.locator("confab-comments").screenshot({ path: screenshotPath(`reactions-${scheme}`) });
    const results = await new AxeBuilder({ page }).include("confab-comments").analyze();
    const found = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`);
    expect(found).toEqual([]);
  });
}

test("the page's reactions stay as they are, with the keyboard focus, while other readers' comments arrive", async ({ page, request }) => {
  const thread = "/reactions-steady/";
  await post(request, reacting.url, thread, "Sten", "The first comment.");
  await openHostPage(page, reacting.url, { thread });
  await waitForThread(page);
  const heart = pageBar(page).getByRole("button", { name: "React with ❤️ (0)" });
  await heart.evaluate((button) => button.setAttribute("data-probe", "drawn-once"));
  await heart.focus();
  // Another reader's comment changes the thread (it waits behind "New comments"), not
  // the page's reactions: their bar is not drawn again, so the focus stays.
  await post(request, reacting.url, thread, "Vera", "A comment from another reader.");
  await expect(page.locator(".confab-fresh")).toBeVisible();
  await expect(heart).toHaveAttribute("data-probe", "drawn-once");
  await expect(heart).toBeFocused();
});

test("the reader's own comment shows its reactions on buttons that cannot be pressed", async ({ page, request }) => {
  const thread = "/reactions-own/";
  await openHostPage(page, reacting.url, { thread });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("My own comment, not mine to react to.");
  await box.getByLabel(/^Name/).fill("Olga Own");
  await box.getByRole("button", { name: "Post Comment" }).click();
  const own = page.locator(".confab-comment").filter({ hasText: "My own comment" });
  await expect(own.locator(".confab-reactions")).toHaveCount(1);
  await expect(own.getByRole("button", { name: "Add a reaction" })).toHaveCount(0);
  const id = Number((await own.getAttribute("id")).replace("confab-comment-", ""));
  const response = await request.put(`${reacting.url}/api/v1/comments/${id}/reaction`, {
    data: { reaction: "👍", on: true, voter: "someone-else-key-001" },
  });
  expect(response.status()).toBe(200);
  await page.reload();
  await page.locator("confab-comments").scrollIntoViewIfNeeded();
  await waitForThread(page);
  await expect(
    page.locator(`#confab-comment-${id} .confab-reactions`).getByRole("button", { name: "React with 👍 (1)" }),
  ).toBeDisabled();
});

test("a site that turned reactions off shows none", async ({ page, request }) => {
  const quiet = await startServer({ args: ["--reactions", "off"] });
  try {
    const thread = "/reactions-off/";
    await post(request, quiet.url, thread, "Nora", "No reactions here.");
    await openHostPage(page, quiet.url, { thread });
    await waitForThread(page);
    await expect(page.locator(".confab-comment")).toHaveCount(1);
    await expect(page.locator(".confab-reactions")).toHaveCount(0);
  } finally {
    await quiet.kill();
  }
});
