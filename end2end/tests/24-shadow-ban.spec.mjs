// A shadow-ban, in the browser: a rule sets a commenter's comments apart; their own
// browser shows what they post as published, before and after a reload, while another
// reader's browser never shows it, nor counts it.
import { test, expect } from "./own-server.mjs";
import { waitForThread } from "./helpers.mjs";

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

  const other = await browser.newContext();
  const reader = await other.newPage();
  await reader.goto(baseURL);
  const readersHeading = await waitForThread(reader);
  await expect(readersHeading).toHaveText(count);
  await expect(reader.locator("article.confab-comment__card", { hasText: `Bait ${run}` })).toHaveCount(0);
  await other.close();
});
