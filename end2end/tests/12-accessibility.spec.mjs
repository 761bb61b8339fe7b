// Accessibility: axe-core finds nothing in light and dark, English and Arabic, with a
// reply box open and an error shown; the whole flow works with the keyboard alone.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { serveHostPage, waitForThread } from "./helpers.mjs";

const THREAD = "/why-social-media-in-healthcare/";

/** Opens an article in `lang` on a `theme` background with the demo thread. */
async function hostPage(page, baseURL, { lang, theme }) {
  await serveHostPage(page, baseURL, {
    path: "/a11y/page",
    title: "Accessibility",
    lang,
    style: `body { background: ${theme === "dark" ? "#0d1117" : "#fff"}; }`,
    body: `<main><h1>An article</h1>
      <confab-comments thread="${THREAD}" title="Why Social Media in Healthcare?" loading="eager" theme="${theme}"></confab-comments>
      </main>`,
  });
  await waitForThread(page);
}

for (const lang of ["en", "ar"]) {
  for (const theme of ["light", "dark"]) {
    test(`axe finds no violation: ${lang}, ${theme}, reply box open, an error shown`, async ({ page, baseURL }) => {
      await hostPage(page, baseURL, { lang, theme });
      const reply = page.locator(".confab-button--reply").first();
      await reply.click();
      const box = page.locator("form.confab-reply");
      await box.locator("button[type=submit]").click();
      await expect(box.locator(".confab-error").filter({ hasText: /./ }).first()).toBeVisible();
      expect(await widgetViolations(page, "confab-comments")).toEqual([]);
    });
  }
}

/** axe's violations inside the widget on `page`, as readable lines. */
async function widgetViolations(page, selector) {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  return results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary}`),
  }));
}

// The demo exactly as `cargo xtask serve` shows it: no theme chosen, so the widget takes
// the page's own colours, under either system colour scheme and in the demo's dark mode.
for (const scheme of ["light", "dark", "site-dark"]) {
  test(`axe finds no violation on the demo page as served (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme === "light" ? "light" : "dark" });
    await page.goto("/");
    if (scheme === "site-dark") await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
    await waitForThread(page);
    await expect(page.locator(".confab-comment").first()).toBeVisible();
    expect(await widgetViolations(page, "#confab-thread")).toEqual([]);
  });
}

/** What has the keyboard focus, looking into the widget's shadow root. */
function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element && element.shadowRoot && element.shadowRoot.activeElement) {
      element = element.shadowRoot.activeElement;
    }
    return element ? { tag: element.tagName, name: element.getAttribute("name"), text: element.textContent.trim(), className: element.className } : null;
  });
}

test("the keyboard alone: Tab to Reply, write, send, and read the reply", async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/`);
  await waitForThread(page);
  await page.locator(".site-title").click();
  const seen = [];
  let reply = null;
  for (let step = 0; step < 60 && !reply; step += 1) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    seen.push(now);
    expect(now?.tag, `focus was lost after ${step + 1} Tabs`).not.toBe("BODY");
    if (now?.className?.includes("confab-button--reply")) reply = now;
  }
  expect(reply, "a Reply button is reachable with Tab").not.toBeNull();
  const ring = await page.evaluate(() => {
    const root = document.querySelector("#confab-thread").shadowRoot;
    const style = getComputedStyle(root.activeElement);
    return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
  });
  expect(ring, "the focused button shows a focus ring").toBe(true);
  await page.keyboard.press("Enter");
  expect((await focused(page)).name).toBe("body");
  const text = `Written with the keyboard alone ${Date.now()}`;
  await page.keyboard.type(text);
  while ((await focused(page)).name !== "author_name") await page.keyboard.press("Tab");
  await page.keyboard.type("Keyboard Only");
  while (!(await focused(page)).className.includes("confab-button--submit")) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const posted = page.locator(".confab-comment__card", { hasText: text });
  await expect(posted).toBeVisible();
  await expect(page.locator(".confab-status, [role=status]").filter({ hasText: "Your comment was posted." }).first()).toBeAttached();
  expect((await focused(page))?.tag).not.toBe("BODY");
});
