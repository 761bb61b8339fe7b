// The reader's language: chosen from the widget's option or the page's <html lang>,
// right-to-left laid out for Arabic, plural forms as each language counts, the
// server's refusals in the reader's language, and a site owner's own wording.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { screenshotPath, serveHostPage } from "./helpers.mjs";

const catalogue = (code) => JSON.parse(readFileSync(new URL(`../../lang/${code}.json`, import.meta.url), "utf8"));

/** The heading the catalogue of `code` gives for `count` comments, as a browser counts. */
function expectedHeading(code, count, title) {
  const forms = catalogue(code).plurals.thoughts;
  const form = count === 0 && forms.zero ? forms.zero : forms[new Intl.PluralRules(code).select(count)] ?? forms.other;
  return form.replace("{n}", new Intl.NumberFormat(code).format(count)).replace("{title}", title);
}

/** Opens a host page whose <html lang> is `lang`, with `body`. */
function hostPage(page, baseURL, body, lang = "en") {
  return serveHostPage(page, baseURL, { path: "/lang-test/page", title: "Language", lang, body });
}

test("plural forms in Russian, Polish and Arabic follow each language's rules", async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const run = Date.now();
  const counts = [0, 1, 2, 3, 5, 11, 22];
  for (const count of counts) {
    for (let index = 0; index < count; index += 1) {
      const response = await request.post(`${baseURL}/api/v1/comments`, {
        data: { thread: `/plural-${run}-${count}/`, title: "T", author_name: "Counter", body: `Comment ${index} of ${count}` },
      });
      expect(response.status()).toBe(201);
    }
  }
  for (const code of ["ru", "pl", "ar"]) {
    const widgets = counts
      .map((count) => `<confab-comments thread="/plural-${run}-${count}/" title="T" loading="eager" lang="${code}"></confab-comments>`)
      .join("\n");
    await hostPage(page, baseURL, widgets);
    const headings = page.locator(".confab-thread__heading");
    await expect(headings).toHaveCount(counts.length);
    for (const [index, count] of counts.entries()) {
      await expect(headings.nth(index)).toHaveText(expectedHeading(code, count, "T"));
    }
    await page.unroute(`${baseURL}/lang-test/**`);
  }
});

test("Arabic from the page's lang: right to left, in Arabic, screenshot", async ({ page, request, baseURL }) => {
  const thread = "/why-social-media-in-healthcare/";
  const count = (await (await request.get(`${baseURL}/api/v1/comments?thread=${thread}`)).json()).thread.count;
  await hostPage(page, baseURL, `<main><confab-comments thread="${thread}" title="Why Social Media in Healthcare?" loading="eager"></confab-comments></main>`, "ar");
  const heading = page.locator(".confab-thread__heading");
  await expect(heading).toHaveText(expectedHeading("ar", count, "Why Social Media in Healthcare?"));
  const layout = await page.evaluate(() => {
    const root = document.querySelector("confab-comments").shadowRoot.querySelector(".confab");
    const card = root.querySelector(".confab-comment__card");
    const avatar = card.querySelector(".confab-avatar").getBoundingClientRect();
    const author = card.querySelector(".confab-comment__author").getBoundingClientRect();
    return { dir: root.getAttribute("dir"), lang: root.getAttribute("lang"), avatarRightOfAuthor: avatar.left > author.left };
  });
  expect(layout).toEqual({ dir: "rtl", lang: "ar", avatarRightOfAuthor: true });
  const box = page.locator("form.confab-reply");
  await expect(box.getByRole("button", { name: catalogue("ar").texts["post-comment"] })).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.locator("confab-comments").screenshot({ path: screenshotPath("arabic") });
});

test("a refusal from the server is shown in the reader's language", async ({ page, baseURL }) => {
  await hostPage(page, baseURL, `<confab-comments thread="/german-${Date.now()}/" title="T" loading="eager" lang="de"></confab-comments>`);
  const box = page.locator("form.confab-reply");
  const de = catalogue("de").texts;
  await box.getByLabel(new RegExp(`^${de.comment}`)).fill("Hallo");
  await box.getByLabel(new RegExp(`^${de.name}`)).fill("Leser");
  await box.getByLabel(new RegExp(`^${de.website}`)).fill("www.example.com");
  await box.getByRole("button", { name: de["post-comment"] }).click();
  await expect(box.getByText(de["error-invalid-url"])).toBeVisible();
});

test("a site owner's data-text attributes replace single strings", async ({ page, baseURL }) => {
  await hostPage(
    page,
    baseURL,
    `<confab-comments thread="/override-${Date.now()}/" title="T" loading="eager"
       data-text-post-comment="Send it" data-text-thoughts-zero="Start the conversation about {title}"></confab-comments>`,
  );
  await expect(page.locator(".confab-thread__heading")).toHaveText("Start the conversation about T");
  await expect(page.getByRole("button", { name: "Send it" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Preview" })).toBeVisible();
});
