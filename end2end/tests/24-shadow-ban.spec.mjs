// A shadow-ban, in the browser: a rule sets a commenter's comments apart; their own
// browser shows what they post as published, before and after a reload, and takes their
// reply to it, while another reader's browser never shows either, nor counts them; the
// moderators' screen lists them apart, marked, without a Pin button.
import { test, expect } from "./own-server.mjs";
import { logInAsModerator, waitForThread } from "./helpers.mjs";

test("a shadow-banned comment shows in its author's browser and in nobody else's", async ({ page, browser, baseURL, request }) => {
  const run = Date.now();
  const login = await request.post(`${baseURL}/api/v1/admin/login`, {
    data: { name: process.env.CONFAB_MODERATOR, password: process.env.CONFAB_MODERATOR_PASSWORD },
  });
  expect(login.status()).toBe(200);
  const rule = await request.post(`${baseURL}/api/v1/admin/rules`, {
    headers: { "X-Confab-Request": "1" },
    data: { kind: "email", pattern: `troll-${run}@example.org`, action: "shadow" },
  });
  expect(rule.status(), await rule.text()).toBe(201);

  await page.goto(baseURL);
  const heading = await waitForThread(page);
  const count = await heading.textContent();
  const box = page.locator("form.confab-reply").last();
  await box.getByLabel(/^Comment/).fill(`Bait ${run}`);
  await box.getByLabel(/^Name/).fill("Troll");
  await box.getByLabel(/^Email/).fill(`troll-${run}@example.org`);
  await box.getByRole("button", { name: "Post Comment" }).click();
  const bait = page.locator("article.confab-comment__card", { hasText: `Bait ${run}` });
  await expect(bait).toBeVisible();
  await expect(bait.locator(".confab-comment__pending")).toHaveCount(0);
  await page.reload();
  await waitForThread(page);
  await expect(page.locator("article.confab-comment__card", { hasText: `Bait ${run}` })).toBeVisible();

  // The author answers their own comment: it takes the reply, as for anyone.
  const own = page.locator("li.confab-comment", { has: page.locator("article", { hasText: `Bait ${run}` }) });
  await own.locator(".confab-button--reply").first().click();
  const answer = own.locator("form.confab-reply");
  await answer.getByLabel(/^Comment/).fill(`More bait ${run}`);
  await answer.getByLabel(/^Name/).fill("Sock puppet"); // no address: no rule matches it
  await answer.getByRole("button", { name: "Post Comment" }).click();
  await expect(own.locator(".confab-comments--replies article", { hasText: `More bait ${run}` })).toBeVisible();
  await expect(answer.locator(".confab-error:not(:empty)")).toHaveCount(0);

  const other = await browser.newContext();
  const reader = await other.newPage();
  await reader.goto(baseURL);
  const readersHeading = await waitForThread(reader);
  await expect(readersHeading).toHaveText(count);
  await expect(reader.locator("article.confab-comment__card", { hasText: `Bait ${run}` })).toHaveCount(0);
  await expect(reader.locator("article.confab-comment__card", { hasText: `More bait ${run}` })).toHaveCount(0);
  await other.close();

  const moderator = await browser.newPage({ baseURL });
  await logInAsModerator(moderator);
  await moderator.getByRole("tab", { name: "Shadow-banned" }).click();
  const items = moderator.locator(".item", { hasText: `ait ${run}` });
  await expect(items).toHaveCount(2);
  await expect(items.locator(".badge.shadow")).toHaveCount(2);
  await expect(items.locator("[data-action=pin]")).toHaveCount(0);
  await expect(items.first().locator(".rule-note")).toContainText("answers shadow-banned comment");
  await moderator.close();
});
