// The demo page as a first-time visitor sees it: the seeded thread, exactly.
import { test, expect } from "@playwright/test";
import { DEMO_TITLE, openThread, screenshotPath } from "./helpers.mjs";

test("the seeded thread renders with the right heading, nesting, badge and pingbacks", async ({ page }) => {
  const heading = await openThread(page);
  await expect(heading).toHaveText(`8 thoughts on “${DEMO_TITLE}”`);
  await expect(page.locator(".confab-comment")).toHaveCount(6);
  await expect(page.locator(".confab-pingback")).toHaveCount(2);
  await expect(page.locator(".confab-pingback").first()).toContainText(
    "Pingback: 4 Benefits & 4 Drawbacks to Social Media in Healthcare",
  );

  const howard = page.locator(".confab-comment", { hasText: "Howard J Luks" }).first();
  const reply = howard.locator(".confab-comments--replies .confab-comment");
  await expect(reply).toHaveCount(1);
  await expect(reply.locator(".confab-comment__author")).toHaveText("Liza Sisler");
  await expect(reply.locator(".confab-badge")).toHaveText("Post author");

  const leonard = page.locator(".confab-comment", { hasText: "Thanks! Leonard" });
  await expect(leonard.locator(".confab-comment__body p")).toHaveCount(4);
  await expect(leonard.locator(".confab-author-link")).toHaveAttribute("rel", "nofollow ugc noopener");
  await expect(leonard.locator("time")).toHaveAttribute("datetime", /^2011-02-19T/);

  await expect(page.locator(".confab-reply h3")).toHaveText("Leave a Reply");
  await expect(page.locator(".confab-reply")).toContainText("Your email address will not be published.");

  await page.locator(".confab-reply").scrollIntoViewIfNeeded();
  await page.locator("#confab-thread").screenshot({ path: screenshotPath("demo") });
});

test("the page costs nothing until the reader nears the thread", async ({ browser, baseURL }) => {
  // Where the thread starts depends on the machine's fonts: measure it without scripts,
  // then choose a viewport that ends well above embed.js's 800-pixel margin.
  const LOAD_MARGIN = 800;
  const measuring = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 400 } });
  const measured = await measuring.newPage();
  await measured.goto(baseURL);
  const threadTop = await measured.locator("#confab-thread").evaluate((element) => element.getBoundingClientRect().top);
  await measuring.close();
  const height = Math.floor(threadTop - LOAD_MARGIN - 100);
  expect(height, `the demo's thread starts ${threadTop}px down: too high to show lazy loading`).toBeGreaterThanOrEqual(100);

  const context = await browser.newContext({ viewport: { width: 1280, height } });
  const page = await context.newPage();
  const wasm = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(request.url());
  });
  await page.goto(baseURL);
  await page.waitForLoadState("networkidle");
  expect(wasm).toEqual([]);
  await page.locator("#confab-thread").scrollIntoViewIfNeeded();
  await expect(page.locator(".confab-thread__heading")).toBeVisible();
  expect(wasm.length).toBeGreaterThanOrEqual(1);
  await context.close();
});

test("the thread links its Atom feed, which holds the published comments", async ({ page }) => {
  await openThread(page);
  const link = page.locator("a[part=feed-link]");
  await expect(link).toHaveText("Comments feed (Atom)");
  await expect(link).toHaveAttribute("type", "application/atom+xml");
  const response = await page.request.get(await link.getAttribute("href"));
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/atom+xml; charset=utf-8");
  const feed = await response.text();
  expect(feed.match(/<entry>/g)).toHaveLength(8);
  expect(feed).toContain(`<title>Comments on “${DEMO_TITLE}”</title>`);
  expect(feed).toContain("<name>Liza Sisler</name>");
});
