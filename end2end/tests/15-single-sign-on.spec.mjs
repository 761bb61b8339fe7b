// Single sign-on: a host page signs its reader in with a token (HS256, made here as a
// site's backend would), the reply box shows who they are and posts under their account,
// the host logs them out by changing the attribute in place, and a bad token is refused
// with the server's reason; the reader's comments can be changed from another browser.
import { test, expect } from "@playwright/test";
import { createHmac } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openHostPage, screenshotPath, waitForThread } from "./helpers.mjs";
import { startServer } from "./server.mjs";

const SECRET = "an-end-to-end-secret-of-thirty-two-bytes";
const LOGIN = "https://shop.example/login";
const LOGOUT = "https://shop.example/logout";

/** A token as the site's backend signs it. */
function token(claims, secret = SECRET) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

function claims(extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub: "u-7", name: "Zoë Shopper", email: "zoe@shop.example", iat: now, exp: now + 3600, ...extra };
}

let server;
let config;

test.beforeAll(async () => {
  config = join(mkdtempSync(join(tmpdir(), "confab-sso-")), "confab.toml");
  writeFileSync(
    config,
    `[[site]]\nname = "shop"\n[site.sso]\nsecret = "${SECRET}"\nlogin_url = "${LOGIN}"\n` +
      `logout_url = "${LOGOUT}"\nbadges = ["moderator"]\n`,
  );
  server = await startServer({ args: ["--config", config] });
});

test.afterAll(async () => {
  await server?.kill();
});

test("a signed-in reader posts under their account, and is logged out in place", async ({ page }) => {
  const sso = token(claims({ badge: "moderator" }));
  await openHostPage(page, server.url, { thread: "/sso/", attributes: `sso="${sso}"` });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  await expect(box.getByText("Signed in as Zoë Shopper")).toBeVisible();
  await expect(box.getByRole("link", { name: "Log out" })).toHaveAttribute("href", LOGOUT);
  await expect(box.getByLabel(/^Name/)).toBeHidden();
  await box.getByLabel(/^Comment/).fill("Posted with my account");
  await box.screenshot({ path: screenshotPath("signed-in-reply-box") });
  await box.getByRole("button", { name: "Post Comment" }).click();
  const card = page.locator("article.confab-comment__card", { hasText: "Posted with my account" });
  await expect(card.locator(".confab-comment__author")).toHaveText("Zoë Shopper");
  await expect(card.locator(".confab-badge")).toHaveText("Moderator");

  // Reloaded, the page signs the reader in again.
  await page.reload();
  await waitForThread(page);
  await expect(page.locator("form.confab-reply").getByText("Signed in as Zoë Shopper")).toBeVisible();

  // The host logs the reader out: the box asks a guest's name again and offers to log in.
  await page.locator("confab-comments").evaluate((host) => host.removeAttribute("sso"));
  const guestBox = page.locator("form.confab-reply");
  await expect(guestBox.getByLabel(/^Name/)).toBeVisible();
  await expect(guestBox.getByRole("link", { name: /^Log in/ })).toHaveAttribute("href", LOGIN);
  await expect(guestBox.locator(".confab-reply__signed-in")).toBeHidden();
  // And in again, another reader.
  const other = token(claims({ sub: "u-8", name: "Bob Buyer" }));
  await page.locator("confab-comments").evaluate((host, value) => host.setAttribute("sso", value), other);
  await expect(guestBox.getByText("Signed in as Bob Buyer")).toBeVisible();
});

test("a token the server refuses is explained in the box, and nothing is posted", async ({ page }) => {
  const now = Math.floor(Date.now() / 1000);
  const expired = token(claims({ exp: now - 60 }));
  await openHostPage(page, server.url, { thread: "/sso-refused/", attributes: `sso="${expired}"` });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("Never stored");
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(box.getByRole("alert")).toContainText("expired");
  const thread = await (await page.request.get(`${server.url}/api/v1/comments?thread=/sso-refused/`)).json();
  expect(thread.thread.count).toBe(0);

  const forged = token(claims(), "a-secret-the-server-does-not-know-at-all");
  await page.locator("confab-comments").evaluate((host, value) => host.setAttribute("sso", value), forged);
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(box.getByRole("alert")).toContainText("not signed with this site's secret");

  // A token the widget cannot even read is still sent: the server says what is wrong.
  await page.locator("confab-comments").evaluate((host) => host.setAttribute("sso", "garbage"));
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(box.getByRole("alert")).toContainText("not a well-formed JWT");
});

test("a signed-in reader edits from another browser, and deletes after the edit window", async ({ browser }) => {
  const short = await startServer({ args: ["--config", config, "--edit-window-seconds", "4"] });
  try {
    const sso = token(claims({ sub: "u-9", name: "Eve Elsewhere" }));
    const open = async () => {
      const page = await (await browser.newContext()).newPage();
      await openHostPage(page, short.url, { thread: "/sso-elsewhere/", attributes: `sso="${sso}"` });
      await waitForThread(page);
      return page;
    };
    const laptop = await open();
    const box = laptop.locator("form.confab-reply");
    await box.getByLabel(/^Comment/).fill("Written on my laptop");
    await box.getByRole("button", { name: "Post Comment" }).click();
    await expect(laptop.locator("li.confab-comment", { hasText: "Written on my laptop" })).toHaveCount(1);

    // A phone: another browser, nothing in its storage, the same reader.
    const phone = await open();
    await expect(phone.locator("li.confab-comment", { hasText: "Written on my laptop" })).toHaveCount(1);
    // The thread's one comment (found by its id: while edited, its text is in a text box).
    const mine = phone.locator("li.confab-comment").first();
    await mine.getByRole("button", { name: "Edit" }).click();
    const editor = mine.getByLabel("Edit your comment");
    await expect(editor).toHaveValue("Written on my laptop");
    await editor.fill("Written on my laptop, fixed on my phone");
    await mine.getByRole("button", { name: "Save" }).click();
    await expect(mine.locator(".confab-comment__body")).toHaveText("Written on my laptop, fixed on my phone");

    // After the edit window, Edit goes away but the author may still delete it.
    await expect(mine.getByRole("button", { name: "Edit" })).toBeHidden({ timeout: 10_000 });
    await mine.getByRole("button", { name: "Delete" }).click();
    await mine.getByRole("group").getByRole("button", { name: "Delete" }).click();
    await expect(phone.locator("li.confab-comment", { hasText: "fixed on my phone" })).toHaveCount(0);

    // A reader who is someone else is offered neither.
    const other = await (await browser.newContext()).newPage();
    const bob = token(claims({ sub: "u-10", name: "Bob" }));
    await openHostPage(other, short.url, { thread: "/sso-elsewhere/", attributes: `sso="${bob}"` });
    await waitForThread(other);
    await expect(other.getByRole("button", { name: "Delete" })).toHaveCount(0);
  } finally {
    await short.kill();
  }
});

test("a retry after another reader signed in is judged as that reader's post, not a replay", async ({ page }) => {
  await openHostPage(page, server.url, { thread: "/sso-retry/", attributes: `sso="${token(claims())}"` });
  await waitForThread(page);
  let lost = 0;
  await page.route("**/api/v1/comments", async (route) => {
    if (route.request().method() === "POST" && lost === 0) {
      lost += 1;
      await route.fetch(); // stored for Zoë…
      return route.abort("connectionreset"); // …but the answer never arrives
    }
    return route.continue();
  });
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("Whose is this?");
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(box.getByRole("button", { name: "Try again" })).toBeVisible();
  // The host signs another reader in before the retry.
  const bob = token(claims({ sub: "u-8", name: "Bob Buyer" }));
  await page.locator("confab-comments").evaluate((host, value) => host.setAttribute("sso", value), bob);
  await expect(box.getByText("Signed in as Bob Buyer")).toBeVisible();
  await box.getByRole("button", { name: "Post Comment" }).click();
  // A new request: the same words a moment ago in this thread are a duplicate (not a
  // key used for another request, which would mean nothing to the reader).
  await expect(box.getByRole("alert")).toContainText("already posted");
  await expect(box.getByRole("alert")).not.toContainText("Idempotency");
  // With other words, Bob's post goes through under his name.
  await box.getByLabel(/^Comment/).fill("Whose is this? Mine, Bob's.");
  await box.getByRole("button", { name: "Post Comment" }).click();
  const card = page.locator("article.confab-comment__card", { hasText: "Mine, Bob's." });
  await expect(card.locator(".confab-comment__author")).toHaveText("Bob Buyer");
});

test("a signed-in reader opens the page of their comments, downloads them and erases one", async ({ page, context }) => {
  const sso = token(claims({ sub: "u-manage", name: "Mia Manager" }));
  await openHostPage(page, server.url, { thread: "/sso-manage/", attributes: `sso="${sso}"` });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  for (const words of ["Mia's first", "Mia's second"]) {
    await box.getByLabel(/^Comment/).fill(words);
    await box.getByRole("button", { name: "Post Comment" }).click();
    await expect(page.locator("article.confab-comment__card", { hasText: words })).toBeVisible();
  }
  const manage = page.locator("details.confab-manage");
  await manage.getByText("Manage my comments").click();
  await expect(manage.getByLabel("Email")).toBeHidden();
  await manage.getByRole("button", { name: "Get the link to my comments" }).click();
  const link = manage.getByRole("link", { name: "Open the page of my comments" });
  await expect(link).toBeVisible();
  const [mine] = await Promise.all([context.waitForEvent("page"), link.click()]);
  await expect(mine.getByRole("heading", { name: "Your comments" })).toBeVisible();
  await expect(mine.locator(".mine li")).toHaveCount(2);

  const download = await mine.request.get(await mine.getByRole("link", { name: /Download them all/ }).evaluate((a) => a.href));
  const exported = await download.json();
  expect(exported.comments.map((comment) => comment.text)).toEqual(["Mia's second", "Mia's first"]);

  await mine.locator(".mine li", { hasText: "Mia's first" }).getByRole("button", { name: "Erase this comment…" }).click();
  await expect(mine.getByRole("heading", { name: "Erase this comment?" })).toBeVisible();
  await mine.getByRole("button", { name: "Erase for good" }).click();
  await expect(mine.getByRole("heading", { name: "Erased" })).toBeVisible();
  await mine.getByRole("link", { name: "Back to your comments" }).click();
  await expect(mine.locator(".mine li")).toHaveCount(1);

  await page.reload();
  await waitForThread(page);
  await expect(page.locator("article.confab-comment__card", { hasText: "Mia's second" })).toBeVisible();
  await expect(page.locator("article.confab-comment__card", { hasText: "Mia's first" })).toHaveCount(0);
});
