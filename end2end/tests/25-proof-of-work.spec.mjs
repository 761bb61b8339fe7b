// The proof of work in the browser, on a server that asks one of every post: the widget
// asks for a challenge once the reader starts writing, solves it meanwhile, and sends
// the proof with the post; a proof the server refuses (here, as stale) is solved again
// and the post goes through without the reader doing anything.
import { test, expect } from "@playwright/test";
import { openThread } from "./helpers.mjs";
import { startServer } from "./server.mjs";

let server;

test.beforeAll(async () => {
  server = await startServer({ args: ["--proof-of-work", "16"] });
});

test.afterAll(async () => {
  await server?.kill();
});

async function write(page, text) {
  const box = page.locator("form.confab-reply").last();
  const challenge = page.waitForRequest((request) => request.url().endsWith("/api/v1/challenge"));
  await box.getByLabel(/^Comment/).fill(text);
  await challenge;
  await box.getByLabel(/^Name/).fill("Proving Reader");
  return box;
}

test("the widget solves the challenge while the reader writes, and the post carries it", async ({ page }) => {
  await openThread(page, `${server.url}/`);
  const text = `Proved at ${Date.now()}`;
  const box = await write(page, text);
  const posted = page.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/api/v1/comments"));
  await box.getByRole("button", { name: "Post Comment" }).click();
  const { proof } = (await posted).postDataJSON();
  expect(proof).toMatch(/^\d+\.16\.[0-9a-f]{24}\.[0-9a-f]{32}:\d+$/);
  await expect(page.locator("article.confab-comment__card", { hasText: text })).toHaveCount(1);
  await expect(page.locator(".confab-error").filter({ hasText: /\S/ })).toHaveCount(0);
});

test("a proof the server refuses is solved afresh and the post goes through", async ({ page }) => {
  await openThread(page, `${server.url}/`);
  let refusedOnce = false;
  const challenges = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/api/v1/challenge")) challenges.push(request);
  });
  await page.route("**/api/v1/comments", async (route) => {
    if (route.request().method() !== "POST" || refusedOnce) return route.continue();
    refusedOnce = true;
    await route.fulfill({
      status: 403,
      contentType: "application/json",
      body: JSON.stringify({ error: { code: "proof_expired", message: "The proof of work's challenge has expired: solve a fresh one." } }),
    });
  });
  const text = `Proved twice at ${Date.now()}`;
  const box = await write(page, text);
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(page.locator("article.confab-comment__card", { hasText: text })).toHaveCount(1);
  expect(refusedOnce).toBe(true);
  expect(challenges.length).toBeGreaterThanOrEqual(2);
  await expect(page.locator(".confab-error").filter({ hasText: /\S/ })).toHaveCount(0);
});
