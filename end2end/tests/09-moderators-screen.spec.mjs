// The moderators' screen at /admin/: logging in, approving and rejecting held comments
// (an approved one appears in the widget, a rejected one never does), search, the log,
// its strict policy, and every XSS payload shown to a moderator without effect.
import { test, expect } from "./own-server.mjs";
import { SUSPECT_TAGS, logInAsModerator, openThread, recordScriptCalls, screenshotPath, xssPayloads } from "./helpers.mjs";

const NAME = process.env.CONFAB_MODERATOR;
/** More links than the server allows: such a comment is held for a moderator. */
const LINKS = "\n\n<https://a.example> <https://b.example> <https://c.example> <https://d.example>";

async function hold(request, baseURL, comment) {
  const response = await request.post(`${baseURL}/api/v1/comments`, {
    data: { thread: "/why-social-media-in-healthcare/", title: "Why Social Media in Healthcare?", ...comment, body: comment.body + LINKS },
  });
  expect(response.status(), await response.text()).toBe(202);
  return (await response.json()).comment.id;
}

function recordViolations(page) {
  return page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
}

test("a moderator corrects the title and address a first commenter gave the thread", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const id = await hold(request, baseURL, { author_name: `Titled ${run}`, body: `About the title ${run}` });
  await logInAsModerator(page);
  const item = page.locator(`.item[data-comment-id="${id}"]`);
  await item.getByText("Correct the thread's title and address").click();
  await item.getByLabel("Title").fill(`Corrected title ${run}`);
  await item.getByLabel("Page address").fill("http://127.0.0.1:4444/why-social-media/");
  await item.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Updated the title and address");
  const thread = await (await request.get(`${baseURL}/api/v1/comments?thread=/why-social-media-in-healthcare/`)).json();
  expect(thread.thread.title).toBe(`Corrected title ${run}`);
  expect(thread.thread.url).toBe("http://127.0.0.1:4444/why-social-media/");
});

test("a moderator logs in, approves one comment and rejects another", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const approved = await hold(request, baseURL, { author_name: `Approved ${run}`, body: `Worth reading ${run}` });
  const rejected = await hold(request, baseURL, { author_name: `Rejected ${run}`, body: `Buy now ${run}` });
  await recordViolations(page);

  await page.goto("/admin/");
  const policy = (await page.request.get(`${baseURL}/admin/`)).headers()["content-security-policy"];
  expect(policy).toContain("default-src 'none'");
  expect(policy).not.toContain("unsafe-inline");
  await page.getByLabel("Name").fill(NAME);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That name and password do not match.");
  await logInAsModerator(page);

  await page.getByRole("searchbox").fill(String(run));
  await page.getByRole("button", { name: "Search" }).click();
  const items = page.locator(".item");
  await expect(items).toHaveCount(2);
  const first = page.locator(`.item[data-comment-id="${approved}"]`);
  await expect(first.locator(".address")).toHaveText("127.0.0.1");
  await expect(first.locator(".body")).toContainText(`Worth reading ${run}`);
  // The body once: its text, then its links (a list drawn again must not draw it twice).
  await expect(first.locator(".body > p")).toHaveCount(2);
  await page.screenshot({ path: screenshotPath("moderators-screen"), fullPage: true });
  await first.getByRole("button", { name: "Approve" }).click();
  await expect(first).toHaveCount(0);
  const second = page.locator(`.item[data-comment-id="${rejected}"]`);
  await second.getByRole("button", { name: "Reject" }).click();
  await expect(second).toHaveCount(0);

  await page.getByRole("tab", { name: "Log" }).click();
  const rows = page.locator("table.log tbody tr");
  // The row whose cell is the comment's number (a time such as 10:47 holds "10" too).
  const rowOf = (id) => rows.filter({ has: page.locator("td", { hasText: new RegExp(`^${id}$`) }) }).first();
  await expect(rowOf(approved)).toContainText("approve");
  await expect(rowOf(rejected)).toContainText(NAME);
  await page.getByRole("tab", { name: "Deliveries" }).click();
  await expect(page.locator("table.deliveries thead")).toContainText("Last error");
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);

  const reader = await page.context().browser().newPage();
  await openThread(reader, `/#confab-comment-${approved}`);
  await expect(reader.locator(".confab-comment", { hasText: `Worth reading ${run}` })).toBeVisible();
  const thread = await (await request.get(`${baseURL}/api/v1/comments?thread=/why-social-media-in-healthcare/&limit=100`)).text();
  expect(thread).not.toContain(`Buy now ${run}`);
  await reader.close();

  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  expect((await page.request.get(`${baseURL}/api/v1/admin/queue`)).status()).toBe(401);
});

/** What the screen's main area holds that a payload could have brought. */
function census(tags) {
  const root = document.querySelector("main.admin");
  const count = (selector) => root.querySelectorAll(selector).length;
  const elements = [...root.querySelectorAll("*")];
  return {
    items: count(".item"),
    tags: Object.fromEntries(
      tags.map((tag) => [tag, count(tag)]),
    ),
    handlers: elements.flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith("on"))),
    urls: elements.flatMap((element) => ["href", "src"].map((name) => element.getAttribute(name)).filter(Boolean)),
  };
}

test("every XSS payload is shown to moderators as text, never run", async ({ page, request, baseURL }) => {
  test.setTimeout(300_000);
  const all = xssPayloads();
  const run = Date.now();
  const batches = new Map();
  for (const [index, payload] of all.entries()) {
    const batch = `batch${run}x${Math.floor(index / 60)}y`;
    const posts = [
      { author_name: `Body ${index} ${batch}`, body: payload },
      { author_name: payload.slice(0, 100) || "x", body: `Name payload ${index} ${batch}` },
      { author_name: `Website ${index} ${batch}`, author_website: payload, body: `Website payload ${index} ${batch}` },
    ];
    for (const post of posts) {
      const response = await request.post(`${baseURL}/api/v1/comments`, {
        data: { thread: "/xss-admin/", ...post, body: post.body + LINKS },
      });
      expect(response.status()).toBeLessThan(500);
      if (response.status() === 202) batches.set(batch, (batches.get(batch) ?? 0) + 1);
    }
  }
  const dialogs = await recordScriptCalls(page);
  await recordViolations(page);
  await logInAsModerator(page);
  let shown = 0;
  for (const [batch, held] of batches) {
    await page.getByRole("searchbox").fill(batch);
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.locator(".item")).not.toHaveCount(0);
    // The previous search's results stay until this one's arrive: wait for them to go.
    await expect(page.locator(".item").filter({ hasNotText: batch })).toHaveCount(0);
    const found = await page.evaluate(census, SUSPECT_TAGS);
    shown += found.items;
    // The search form, and each item's own forms: the reply, the edit, the thread's title and address.
    expect(found.tags).toEqual({ script: 0, style: 0, link: 0, iframe: 0, object: 0, embed: 0, svg: 0, math: 0, img: 0, form: 1 + 3 * found.items });
    expect(found.handlers).toEqual([]);
    for (const url of found.urls) expect(url).toMatch(/^(https?:|mailto:)/i);
    expect(found.items, batch).toBeLessThanOrEqual(held);
  }
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => window.xssCalls)).toEqual([]);
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  console.log(`moderators' screen: ${all.length} payloads × 3 fields, ${shown} held comments shown, no dialog, no script`);
  expect(shown).toBeGreaterThan(all.length);
});

test("every link a held comment carries shows where it goes", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const response = await request.post(`${baseURL}/api/v1/comments`, {
    data: {
      thread: "/why-social-media-in-healthcare/",
      author_name: `Link farm ${run}`,
      body: `[a](https://pills.example/buy) [b](https://casino.example) [c](https://pills.example/x) ` +
        `[your bank](https://bank.example@phish.example/login) ${run}`,
    },
  });
  expect(response.status(), await response.text()).toBe(202);
  const id = (await response.json()).comment.id;
  await logInAsModerator(page);
  await page.getByRole("searchbox").fill(`Link farm ${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  const item = page.locator(`.item[data-comment-id="${id}"]`);
  // The text a reader sees says nothing; the screen says where each link goes.
  await expect(item.locator(".body a").first()).toHaveText("a (pills.example)");
  await expect(item.locator(".body a").first()).toHaveAttribute("title", "https://pills.example/buy");
  await expect(item.getByRole("link", { name: /your bank/ })).toContainText("(phish.example)");
  await expect(item.locator(".links")).toHaveText("Links to: pills.example, casino.example, phish.example");
});

test("a moderator answers a held comment from the screen, and readers see the answer", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const id = await hold(request, baseURL, { author_name: `Asking ${run}`, body: `Does this work? ${run}` });
  await logInAsModerator(page);
  await page.getByRole("searchbox").fill(`Asking ${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  const item = page.locator(`.item[data-comment-id="${id}"]`);
  await item.getByText("Reply as moderator").click();
  await item.getByLabel(/Your reply/).fill(`It does, ${run}.`);
  await item.getByRole("button", { name: "Publish reply" }).click();
  await expect(page.getByRole("status")).toContainText(`Answered comment ${id}`);
  await expect(item).toHaveCount(0);

  await openThread(page);
  const answer = page.locator("article.confab-comment__card", { hasText: `It does, ${run}.` });
  await expect(answer.locator(".confab-badge")).toHaveText("Moderator");
  const question = page.locator(`#confab-comment-${id}`);
  await expect(question).toContainText(`Does this work? ${run}`);
  await expect(question.locator("article.confab-comment__card", { hasText: `It does, ${run}.` })).toHaveCount(1);
});
