// Confab on someone else's site: another origin, and a stylesheet that tries to break it.
import { createServer } from "node:http";
import { test, expect } from "@playwright/test";
import { screenshotPath } from "./helpers.mjs";

// The host site: a second origin on loopback (`cargo xtask test` allows it on the server).
const HOST_PORT = 4444;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
let hostSite;

test.beforeAll(async ({ baseURL }) => {
  hostSite = createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(hostPage(baseURL));
  });
  await new Promise((resolve) => hostSite.listen(HOST_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => hostSite.close(resolve));
});

function hostPage(confabOrigin) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A hostile host</title>
<style>
  * { all: unset; }
  html, body { display: block; font: 16px/1.5 sans-serif; color: #123; }
  div:not(#confab-thread) { display: none !important; }
  button, input, textarea, form, ol, li, h2, h3, p { display: none !important; color: red !important; }
  a { pointer-events: none; }
  confab-comments { display: block; }
</style></head>
<body>
  <div class="ad">This must not show.</div>
  <confab-comments thread="/hostile-host/" title="Hostile host" loading="eager"></confab-comments>
  <script async src="${confabOrigin}/embed.js"></script>
</body></html>`;
}

test("a hostile stylesheet on another origin cannot break the widget", async ({ page }) => {
  await page.goto(`${HOST}/post`);

  const heading = page.locator(".confab-thread__heading");
  await expect(heading).toHaveText("No thoughts yet on “Hostile host”");
  const box = page.locator("form.confab-reply");
  await expect(box).toBeVisible();

  await box.getByLabel(/^Comment/).fill("Posted from another origin.");
  await box.getByLabel(/^Name/).fill("Cross Origin");
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(page.locator(".confab-comment", { hasText: "Posted from another origin." })).toBeVisible();
  await expect(heading).toHaveText("One thought on “Hostile host”");
  await page.locator("confab-comments").screenshot({ path: screenshotPath("hostile-host") });
});

test("the honeypot is invisible to people and to assistive technology", async ({ page }) => {
  await page.goto(`${HOST}/post`);
  const box = page.locator("form.confab-reply");
  await expect(box).toBeVisible();
  const honeypot = box.locator("input[name=homepage]");
  await expect(honeypot).toHaveAttribute("tabindex", "-1");
  await expect(honeypot).not.toBeInViewport();
  await expect(box.getByRole("textbox", { name: /Leave this field empty/ })).toHaveCount(0);
});
