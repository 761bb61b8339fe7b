// Privacy, measured: a reader reads, posts, votes and opens “Manage my comments” on the
// demo page and on a host page of another origin, while Chromium records every request
// and cookie. Nothing goes to any origin but the page's and the Confab server's, and no
// cookie is set for a reader (moderators alone get one, when they log in).
import { createServer } from "node:http";
import { test, expect } from "./own-server.mjs";
import { waitForThread } from "./helpers.mjs";

// The host site: a second origin on loopback (`cargo xtask test` allows it on the server).
const HOST_PORT = 4444;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
let hostSite;
let confab;

test.beforeAll(async () => {
  hostSite = createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A host</title></head>
<body><h1>A post elsewhere</h1>
<confab-comments thread="/privacy/" title="Privacy" loading="eager"></confab-comments>
<script async src="${confab}/embed.js"></script></body></html>`);
  });
  await new Promise((resolve) => hostSite.listen(HOST_PORT, "127.0.0.1", resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => hostSite.close(resolve));
});

/** Reads, posts, votes on someone else's comment and opens “Manage my comments”. */
async function useTheWidget(page, text) {
  await waitForThread(page);
  const box = page.locator("form.confab-reply").last();
  await box.getByLabel(/^Comment/).fill(text);
  await box.getByLabel(/^Name/).fill("Private Reader");
  await box.getByLabel(/^Email/).fill("private@example.org");
  await box.getByRole("button", { name: "Post Comment" }).click();
  const mine = page.locator("article.confab-comment__card", { hasText: text });
  await expect(mine).toBeVisible();
  const someoneElse = page.locator("article.confab-comment__card", { hasNotText: text }).first();
  const up = someoneElse.locator(".confab-vote").first();
  await up.click();
  await expect(up).toHaveAttribute("aria-pressed", "true");
  const manage = page.locator("details.confab-manage");
  await manage.locator("summary").click();
  await expect(manage).toHaveAttribute("open", "");
}

test("a reader's requests go to the page's origin and Confab's alone, and no cookie is set", async ({ page, context, baseURL, request }) => {
  confab = baseURL;
  const origins = new Set();
  context.on("request", (sent) => origins.add(new URL(sent.url()).origin));
  // Someone else's comment to vote on, on the host's thread.
  const posted = await request.post(`${baseURL}/api/v1/comments`, {
    headers: { Origin: HOST },
    data: { thread: "/privacy/", author_name: "Someone", body: "Vote for me" },
  });
  expect(posted.status()).toBe(201);

  await page.goto(baseURL);
  await useTheWidget(page, `On the demo ${Date.now()}`);
  await page.goto(`${HOST}/post`);
  await useTheWidget(page, `On the host ${Date.now()}`);

  expect([...origins].sort()).toEqual([HOST, new URL(baseURL).origin].sort());
  expect(await context.cookies()).toEqual([]);
  // What the widget keeps stays in the page's own storage, under its own keys.
  const stored = await page.evaluate(() => Object.keys(localStorage));
  expect(stored.every((key) => key.startsWith("confab"))).toBe(true);
});
