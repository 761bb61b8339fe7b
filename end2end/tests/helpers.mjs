// Shared steps of the browser tests: opening a page with the widget and reading it.
import { expect } from "@playwright/test";
import { readFileSync } from "node:fs";

export const DEMO_TITLE = "Why Social Media in Healthcare?";

/** Scrolls to the widget (it loads lazily, near the viewport) and waits for its heading. */
export async function openThread(page, url = "/") {
  await page.goto(url);
  return waitForThread(page);
}

/**
 * Serves a page on the Confab origin at `path` (by routing) and opens it: `body` is the
 * page's body (the loader script is added after it), `lang` and `htmlAttributes` go on
 * <html>, `style` into the page's own stylesheet.
 */
export async function serveHostPage(page, baseURL, { path = "/host-page/page", body, lang = "en", htmlAttributes = "", style = "", title = "A host page" }) {
  await page.route(`${baseURL}${path}`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="${lang}" ${htmlAttributes}><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
        <style>body { margin: 0; padding: 8px; font: 16px/1.5 sans-serif; } ${style}</style></head>
        <body>${body}<script async src="${baseURL}/embed.js"></script></body></html>`,
    }),
  );
  await page.goto(`${baseURL}${path}`);
}

/** A host page on the Confab origin (served by routing) with the widget for `thread`. */
export async function openHostPage(page, baseURL, { thread, hash = "", extra = "", attributes = "" }) {
  await page.route(`${baseURL}/host/**`, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A generated thread</title></head>
        <body><h1>A generated thread</h1>${extra}
        <confab-comments thread="${thread}" title="A generated thread" ${attributes}></confab-comments>
        <script async src="${baseURL}/embed.js"></script></body></html>`,
    }),
  );
  await page.goto(`${baseURL}/host/post${hash}`);
  await page.locator("confab-comments").scrollIntoViewIfNeeded();
}

/** Scrolls to the widget already on the page and waits for its heading and its comments. */
export async function waitForThread(page) {
  const host = page.locator("#confab-thread, confab-comments").first();
  await host.scrollIntoViewIfNeeded();
  const heading = page.locator(".confab-thread__heading");
  await expect(heading).toBeVisible();
  // A page of the thread is drawn a slice at a time; wait for all of it.
  await expect(page.locator("section.confab-thread").first()).not.toHaveAttribute("aria-busy", "true");
  return heading;
}

/** The number in a heading like “8 thoughts on …”. */
export async function headingCount(heading) {
  const text = await heading.textContent();
  if (text.startsWith("One thought")) return 1;
  if (text.startsWith("No thoughts")) return 0;
  return Number.parseInt(text, 10);
}

/** Logs the suite's moderator (CONFAB_MODERATOR, set by cargo xtask test e2e) in at /admin/. */
export async function logInAsModerator(page) {
  await page.goto("/admin/");
  await page.getByLabel("Name").fill(process.env.CONFAB_MODERATOR);
  await page.getByLabel("Password").fill(process.env.CONFAB_MODERATOR_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("tab", { name: "Held" })).toBeVisible();
}

/** Where screenshots go: docs/screenshots when CONFAB_SCREENSHOTS=1, else test-results. */
export function screenshotPath(name) {
  const dir = process.env.CONFAB_SCREENSHOTS === "1" ? "../docs/screenshots" : "test-results";
  return `${dir}/${name}.png`;
}

const CORPORA = new URL("../../tests/corpora/xss/", import.meta.url);

/** Every payload of the XSS corpora in tests/corpora/xss/. */
export function xssPayloads() {
  const lists = ["xss_payloads_quick.txt", "XSS_Polyglots.txt", "BRUTELOGIC-XSS-STRINGS.txt", "RSNAKE_XSS.txt", "0xcela_event_handlers.txt"]
    .flatMap((name) => readFileSync(new URL(name, CORPORA), "utf8").split("\n").filter((line) => line.trim()));
  const module = readFileSync(new URL("dompurify-expect.mjs", CORPORA), "utf8");
  const array = module.slice(module.indexOf("["), module.lastIndexOf("}") + 1) + "]";
  return [...lists, ...JSON.parse(array).map((item) => item.payload)];
}

/** The elements a payload could bring that the XSS tests count. */
export const SUSPECT_TAGS = ["script", "style", "link", "iframe", "object", "embed", "svg", "math", "img", "form"];

/** Replaces the page's dialogs and window.open with recorders (window.xssCalls). */
export async function recordScriptCalls(page) {
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.addInitScript(() => {
    window.xssCalls = [];
    for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
      window[name] = (...args) => window.xssCalls.push(`${name}(${args.join(",")})`);
    }
  });
  return dialogs;
}
