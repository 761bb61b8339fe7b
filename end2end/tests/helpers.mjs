// Shared steps of the browser tests: opening a page with the widget and reading it.
import { expect } from "@playwright/test";

export const DEMO_TITLE = "Why Social Media in Healthcare?";

/** Scrolls to the widget (it loads lazily, near the viewport) and waits for its heading. */
export async function openThread(page, url = "/") {
  await page.goto(url);
  return waitForThread(page);
}

/** Scrolls to the widget already on the page and waits for its heading. */
export async function waitForThread(page) {
  const host = page.locator("#confab-thread, confab-comments").first();
  await host.scrollIntoViewIfNeeded();
  const heading = page.locator(".confab-thread__heading");
  await expect(heading).toBeVisible();
  return heading;
}

/** The number in a heading like “8 thoughts on …”. */
export async function headingCount(heading) {
  const text = await heading.textContent();
  if (text.startsWith("One thought")) return 1;
  if (text.startsWith("No thoughts")) return 0;
  return Number.parseInt(text, 10);
}

/** Where screenshots go: docs/screenshots when CONFAB_SCREENSHOTS=1, else test-results. */
export function screenshotPath(name) {
  const dir = process.env.CONFAB_SCREENSHOTS === "1" ? "../docs/screenshots" : "test-results";
  return `${dir}/${name}.png`;
}
