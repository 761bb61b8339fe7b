// How the widget looks on a host page: themes (set, changed live, followed from the
// page), the custom properties and ::part() names, and a 320-pixel phone.
import { test, expect } from "@playwright/test";
import { screenshotPath, serveHostPage, waitForThread } from "./helpers.mjs";

const DARK_TEXT = "rgb(230, 237, 243)";
const LIGHT_TEXT = "rgb(31, 35, 40)";

/** Opens a host page that embeds `thread` with `attributes` and `style`. */
async function hostPage(page, baseURL, { thread = "/why-social-media-in-healthcare/", attributes = "", style = "", htmlAttributes = "" }) {
  await serveHostPage(page, baseURL, {
    path: "/look/page",
    title: "Look",
    htmlAttributes,
    style,
    body: `<confab-comments thread="${thread}" loading="eager" ${attributes}></confab-comments>`,
  });
  await waitForThread(page);
}

/** A computed style of the first element matching `selector` inside the shadow root. */
function shadowStyle(page, selector, property) {
  return page.evaluate(
    ([selector, property]) => {
      const element = document.querySelector("confab-comments").shadowRoot.querySelector(selector);
      return getComputedStyle(element).getPropertyValue(property);
    },
    [selector, property],
  );
}

test("the theme attribute restyles the widget at once, without a reload", async ({ page, baseURL }) => {
  await hostPage(page, baseURL, { attributes: 'theme="dark"' });
  expect(await shadowStyle(page, ".confab", "color")).toBe(DARK_TEXT);
  await page.evaluate(() => { window.sameWidget = document.querySelector("confab-comments").shadowRoot.querySelector(".confab"); });
  await page.locator("confab-comments").evaluate((host) => host.setAttribute("theme", "light"));
  await expect.poll(() => shadowStyle(page, ".confab", "color")).toBe(LIGHT_TEXT);
  expect(await page.evaluate(() => window.sameWidget === document.querySelector("confab-comments").shadowRoot.querySelector(".confab"))).toBe(true);
  await page.locator("confab-comments").evaluate((host) => host.removeAttribute("theme"));
  await expect.poll(() => shadowStyle(page, ".confab", "background-color")).toBe("rgba(0, 0, 0, 0)");
});

test("auto follows the reader's system setting", async ({ page, baseURL }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await hostPage(page, baseURL, { attributes: 'theme="auto"' });
  expect(await shadowStyle(page, ".confab", "color")).toBe(DARK_TEXT);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => shadowStyle(page, ".confab", "color")).toBe(LIGHT_TEXT);
});

test("the widget follows the page's own dark-mode class or attribute", async ({ page, baseURL }) => {
  await hostPage(page, baseURL, { attributes: 'theme-source="html.dark-mode"' });
  expect(await shadowStyle(page, ".confab", "color")).toBe(LIGHT_TEXT);
  await page.evaluate(() => document.documentElement.classList.add("dark-mode"));
  await expect.poll(() => shadowStyle(page, ".confab", "color")).toBe(DARK_TEXT);
  await page.evaluate(() => document.documentElement.classList.remove("dark-mode"));
  await expect.poll(() => shadowStyle(page, ".confab", "color")).toBe(LIGHT_TEXT);

  await page.goto(`${baseURL}/`);
  await waitForThread(page);
  await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.querySelector("#confab-thread").shadowRoot.querySelector(".confab")).color)).toBe(DARK_TEXT);
  await page.locator(".confab-comment").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath("demo-dark") });
});

test("custom properties and ::part() reach inside the shadow root", async ({ page, baseURL }) => {
  await hostPage(page, baseURL, {
    style: `confab-comments { --confab-accent: rgb(200, 0, 100); --confab-font: "Courier New", monospace;
              --confab-font-size: 20px; --confab-radius: 0px; --confab-spacing: 2rem; }
            confab-comments::part(comment) { outline: 3px solid rgb(0, 128, 0); }
            confab-comments::part(author) { text-transform: uppercase; }
            confab-comments::part(submit-button) { letter-spacing: 3px; }`,
  });
  expect(await shadowStyle(page, ".confab-badge", "background-color")).toBe("rgb(200, 0, 100)");
  expect(await shadowStyle(page, ".confab-button--submit", "border-top-color")).toBe("rgb(200, 0, 100)");
  expect(await shadowStyle(page, ".confab", "font-family")).toContain("Courier New");
  expect(await shadowStyle(page, ".confab", "font-size")).toBe("20px");
  expect(await shadowStyle(page, ".confab-button--submit", "border-top-left-radius")).toBe("0px");
  expect(await shadowStyle(page, ".confab-comment__card", "outline-color")).toBe("rgb(0, 128, 0)");
  expect(await shadowStyle(page, ".confab-comment__author", "text-transform")).toBe("uppercase");
  expect(await shadowStyle(page, ".confab-button--submit", "letter-spacing")).toBe("3px");
});

test("a 320-pixel phone: no sideways scrolling at any depth, touch targets of 44 px", async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await hostPage(page, baseURL, { thread: "/big-thread/", attributes: 'page-size="30"' });
  const measure = () =>
    page.evaluate(() => {
      const root = document.querySelector("confab-comments").shadowRoot;
      const deepest = Math.max(...[...root.querySelectorAll(".confab-comment")].map((element) => {
        let depth = 0;
        for (let node = element.parentElement; node; node = node.parentElement) {
          if (node.classList.contains("confab-comment")) depth += 1;
        }
        return depth;
      }));
      const overflowing = [...root.querySelectorAll("*")]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map((element) => element.className || element.tagName);
      const small = [...root.querySelectorAll("button, select, input:not([type=hidden]):not([name=homepage]), textarea")]
        .filter((element) => element.offsetParent !== null)
        .filter((element) => {
          const box = element.getBoundingClientRect();
          return element.type === "checkbox" ? Math.max(box.width, box.height) < 16 : box.height < 44;
        })
        .map((element) => element.className || element.tagName);
      return { deepest, overflowing, small, scrollWidth: document.scrollingElement.scrollWidth };
    });
  const found = await measure();
  expect(found.deepest).toBeGreaterThanOrEqual(5);
  expect(found.overflowing).toEqual([]);
  expect(found.small).toEqual([]);
  expect(found.scrollWidth).toBeLessThanOrEqual(320);
  await page.screenshot({ path: screenshotPath("phone"), fullPage: false });
});
