// The demo page under the strict Content-Security-Policy the README gives site owners:
// reading, posting and previewing work, and nothing is reported as a violation.
import { test, expect } from "./own-server.mjs";
import { waitForThread } from "./helpers.mjs";

const POLICY =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "connect-src 'self'; img-src 'self' data:";

test("the widget works under a strict Content-Security-Policy", async ({ page, baseURL }) => {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  await page.route(`${baseURL}/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": POLICY } });
  });
  await page.goto(`${baseURL}/`);
  await waitForThread(page);
  await expect(page.locator(".confab-comment").first()).toBeVisible();

  const box = page.locator("form.confab-reply");
  const text = `Posted under a strict policy ${Date.now()}`;
  await box.getByLabel(/^Comment/).fill(`${text} with **bold** words`);
  await box.getByRole("button", { name: "Preview" }).click();
  await expect(box.locator(".confab-preview strong")).toHaveText("bold");
  await box.getByRole("button", { name: "Write" }).click();
  await box.getByLabel(/^Name/).fill("Careful Reader");
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(page.locator(".confab-comment", { hasText: text })).toBeVisible();

  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});
