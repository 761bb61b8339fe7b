// Every XSS payload of the corpora as a comment body, an author name and a website,
// rendered by the widget in Chromium: no dialog opens, no script runs, and nothing the
// payloads brought reaches the page.
import { test, expect } from "@playwright/test";
import { SUSPECT_TAGS, recordScriptCalls, xssPayloads } from "./helpers.mjs";

const PER_THREAD = 100;


/** What the widget's shadow DOM holds that a payload could have brought. */
function census(tags) {
  const root = document.querySelector("confab-comments").shadowRoot;
  const count = (selector) => root.querySelectorAll(selector).length;
  const elements = [...root.querySelectorAll("*")];
  return {
    comments: count(".confab-comment__card"),
    tags: Object.fromEntries(
      tags.map((tag) => [tag, count(tag)]),
    ),
    svgChildren: [...new Set([...root.querySelectorAll("svg *")].map((element) => element.tagName))],
    handlers: elements.flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith("on"))),
    urls: elements.flatMap((element) => ["href", "src"].map((name) => element.getAttribute(name)).filter(Boolean)),
  };
}

test("no payload runs or reaches the page, as a body, a name or a website", async ({ page, request, baseURL }) => {
  test.setTimeout(240_000);
  const all = xssPayloads();
  const run = Date.now();
  const posts = [];
  for (const [index, payload] of all.entries()) {
    posts.push({ author_name: `Body ${index}`, body: payload });
    posts.push({ author_name: payload.slice(0, 100) || "x", body: `Name payload ${index}` });
    posts.push({ author_name: `Website ${index}`, author_website: payload, body: `Website payload ${index}` });
  }
  const statuses = {};
  for (const [index, post] of posts.entries()) {
    const thread = `/xss-wall-${run}-${Math.floor(index / PER_THREAD)}/`;
    const response = await request.post(`${baseURL}/api/v1/comments`, { data: { thread, ...post } });
    statuses[response.status()] = (statuses[response.status()] ?? 0) + 1;
    expect(response.status(), JSON.stringify(post)).toBeLessThan(500);
  }
  console.log(`xss wall: ${all.length} payloads × 3 fields = ${posts.length} posts, answers ${JSON.stringify(statuses)}`);

  const dialogs = await recordScriptCalls(page);
  const threads = Math.ceil(posts.length / PER_THREAD);
  let rendered = 0;
  for (let index = 0; index < threads; index += 1) {
    const thread = `/xss-wall-${run}-${index}/`;
    await page.route(`${baseURL}/xss/**`, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><html><head><meta charset="utf-8"><title>XSS wall</title></head><body>
          <confab-comments thread="${thread}" page-size="100" loading="eager"></confab-comments>
          <script async src="${baseURL}/embed.js"></script></body></html>`,
      }),
    );
    await page.goto(`${baseURL}/xss/${index}`);
    await expect(page.locator(".confab-thread__heading")).toBeVisible();
    await page.waitForTimeout(100);
    const found = await page.evaluate(census, SUSPECT_TAGS);
    rendered += found.comments;
    expect(found.tags).toEqual({
      script: 0, style: 0, link: 1, iframe: 0, object: 0, embed: 0,
      svg: found.comments, math: 0, img: 0, form: 1,
    });
    expect(found.svgChildren).toEqual(["rect", "path"]);
    expect(found.handlers).toEqual([]);
    for (const url of found.urls) {
      expect(url, `a URL in ${thread}`).toMatch(/^(https?:|mailto:|#confab-comment-\d+$|\/?[\w./-]*confab\.css$)/i);
    }
    await page.unroute(`${baseURL}/xss/**`);
  }
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => window.xssCalls)).toEqual([]);
  console.log(`xss wall: ${rendered} comments rendered in ${threads} threads, no dialog, no script`);
  expect(rendered).toBeGreaterThan(all.length);
});
