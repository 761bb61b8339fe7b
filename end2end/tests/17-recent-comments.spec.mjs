// Recent comments elsewhere on the site: a host page's <confab-recent limit="3"> is filled
// by embed.js with the site's latest comments (author, thread title linking to the comment,
// date in the page's language, a plain-text excerpt), in light and dark, with axe clean.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { openHostPage, screenshotPath } from "./helpers.mjs";
import { startServer } from "./server.mjs";

let server;
const ids = [];

test.beforeAll(async ({ request }) => {
  server = await startServer();
  for (const [thread, title, body] of [
    ["/recent-a/", "Post A", "The first of four, about **A**."],
    ["/recent-b/", "Post B", "Second, on B."],
    ["/recent-a/", "Post A", "Third: a [link](https://example.com/) stays text here."],
    ["/recent-b/", "Post B", "Fourth and newest, " + "long ".repeat(60)],
  ]) {
    const response = await request.post(`${server.url}/api/v1/comments`, {
      headers: { Origin: server.url },
      data: { thread, title, url: `${server.url}${thread}`, author_name: "Rita Recent", body },
    });
    expect(response.status()).toBe(201);
    ids.push((await response.json()).comment.id);
  }
});

test.afterAll(async () => {
  await server?.kill();
});

for (const scheme of ["light", "dark"]) {
  test(`a sidebar lists the site's latest comments (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const extra = `<aside><h2>Recent comments</h2><confab-recent limit="3"></confab-recent></aside>
      <aside lang="de"><h2>Neueste Kommentare</h2><div data-confab-recent="1"></div></aside>`;
    await openHostPage(page, server.url, { thread: "/elsewhere/", extra });
    const items = page.locator("confab-recent li");
    await expect(items).toHaveCount(3);
    const newest = items.first();
    await expect(newest.locator(".confab-recent__author")).toHaveText("Rita Recent");
    await expect(newest.locator(".confab-recent__thread")).toHaveText("Post B");
    await expect(newest.getByRole("link")).toHaveAttribute("href", `${server.url}/recent-b/#confab-comment-${ids[3]}`);
    const excerpt = await newest.locator(".confab-recent__excerpt").textContent();
    expect(excerpt.startsWith("Fourth and newest, long long")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    await expect(items.nth(1).locator(".confab-recent__excerpt")).toHaveText("Third: a link stays text here.");
    // In a German part of the page, the date is written the German way.
    const german = page.locator("[data-confab-recent] time");
    await expect(german).toHaveText(/^\d{1,2}\.\d{2}\.\d{4}$/);
    await page.locator("confab-recent").first().screenshot({ path: screenshotPath(`recent-comments-${scheme}`) });
    const results = await new AxeBuilder({ page }).include("confab-recent").include("[data-confab-recent]").analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
}

test("a limit out of range is refused with a clear error and nothing is drawn", async ({ page }) => {
  const refused = await page.request.get(`${server.url}/api/v1/comments/recent?limit=500`);
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.field).toBe("limit");
  const errors = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await openHostPage(page, server.url, { thread: "/elsewhere/", extra: `<confab-recent limit="500">Nothing yet</confab-recent>` });
  await expect.poll(() => errors.some((text) => text.includes("recent comments"))).toBe(true);
  await expect(page.locator("confab-recent")).toHaveText("Nothing yet");
});
