// One's own comment: edit and delete inside the window, held comments, the keyboard,
// and a post that survives the server being killed and restarted.
import { test, expect } from "./own-server.mjs";
import { openThread, waitForThread } from "./helpers.mjs";
import { startServer } from "./server.mjs";
import { spawnSync } from "node:child_process";

/** Posts `text` from the reply box at the bottom of the thread. */
async function post(page, text, name = "Own Author") {
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill(text);
  await box.getByLabel(/^Name/).fill(name);
  await box.getByRole("button", { name: "Post Comment" }).click();
  const card = page.locator("article.confab-comment__card", { hasText: text });
  await expect(card).toBeVisible();
  const id = await card.locator("xpath=ancestor::li[1]").getAttribute("id");
  return page.locator(`#${id}`);
}

test("an edit inside the window changes the comment for every reader", async ({ page, browser }) => {
  await openThread(page);
  const text = `Tpyo in a comment ${Date.now()}`;
  const mine = await post(page, text);
  await expect(mine.locator(".confab-comment__time-left")).toContainText("You can change this for");
  await mine.getByRole("button", { name: "Edit" }).click();
  const editor = mine.getByLabel("Edit your comment");
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(text);
  await page.keyboard.press("Escape");
  await expect(mine.getByRole("button", { name: "Edit" })).toBeFocused();
  await mine.getByRole("button", { name: "Edit" }).click();
  await expect(editor).toBeFocused();
  const fixed = text.replace("Tpyo", "Typo, **fixed**,");
  await editor.fill(fixed);
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine.locator(".confab-comment__body strong")).toHaveText("fixed");
  await expect(mine.locator(".confab-comment__edited")).toHaveText("(edited)");

  const other = await browser.newPage();
  await openThread(other);
  const seen = other.locator("li.confab-comment", { hasText: "Typo, fixed," });
  await expect(seen).toHaveCount(1);
  await expect(seen.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await other.close();
});

test("an edit whose answer comes after the live update still closes the box", async ({ page }) => {
  await openThread(page);
  const text = `Slow edit ${Date.now()}`;
  const mine = await post(page, text);
  // The server's answer to the edit is held back until its live update has arrived.
  await page.route("**/api/v1/comments/*", async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    const answer = await route.fetch();
    await page.waitForTimeout(1_500);
    return route.fulfill({ response: answer });
  });
  await mine.getByRole("button", { name: "Edit" }).click();
  await mine.getByLabel("Edit your comment").fill(`${text}, **now slower**`);
  await mine.getByRole("button", { name: "Save" }).click();
  await expect(mine.locator(".confab-comment__body strong")).toHaveText("now slower");
  await expect(mine.locator("form.confab-edit")).toHaveCount(0);
  // Editing again starts from the saved text.
  await mine.getByRole("button", { name: "Edit" }).click();
  await expect(mine.getByLabel("Edit your comment")).toHaveValue(`${text}, **now slower**`);
});

test("an edit that turns a comment into a link farm sends it back to the moderators", async ({ page, browser }) => {
  const heading = await openThread(page);
  const before = await heading.textContent();
  const text = `Clean words first ${Date.now()}`;
  const mine = await post(page, text);
  await expect(heading).not.toHaveText(before);
  await mine.getByRole("button", { name: "Edit" }).click();
  const links = ["a", "b", "c", "d"].map((name) => `<https://${name}.example>`).join(" ");
  await mine.getByLabel("Edit your comment").fill(`${text} now selling ${links}`);
  await mine.getByRole("button", { name: "Save" }).click();
  // Its author still sees it, waiting; the count no longer has it, and nobody else sees it.
  await expect(mine.locator(".confab-comment__pending")).toBeVisible();
  await expect(heading).toHaveText(before);
  const other = await browser.newPage();
  await openThread(other);
  await expect(other.locator("article.confab-comment__card", { hasText: text })).toHaveCount(0);
  await other.close();
});

test("a deleted comment disappears, or stays as a placeholder while it has replies", async ({ page, browser }) => {
  const heading = await openThread(page);
  const before = await heading.textContent();
  const alone = await post(page, `Deleted alone ${Date.now()}`);
  await alone.getByRole("button", { name: "Delete" }).click();
  await alone.getByRole("button", { name: "Keep it" }).click();
  await alone.getByRole("button", { name: "Delete" }).click();
  await alone.getByRole("group").getByRole("button", { name: "Delete" }).click();
  await expect(alone).toHaveCount(0);
  await expect(heading).toHaveText(before);

  const parentText = `Deleted with a reply ${Date.now()}`;
  const parent = await post(page, parentText);
  const other = await browser.newPage();
  await openThread(other);
  const parentThere = other.locator("article.confab-comment__card", { hasText: parentText });
  await parentThere.locator(".confab-button--reply").click();
  const replyText = `A reply that keeps its parent ${Date.now()}`;
  await other.locator("form.confab-reply").getByLabel(/^Comment/).fill(replyText);
  await other.locator("form.confab-reply").getByLabel(/^Name/).fill("Someone Else");
  await other.locator("form.confab-reply").getByRole("button", { name: "Post Comment" }).click();
  await expect(other.locator("article.confab-comment__card", { hasText: replyText })).toBeVisible();
  await other.close();

  await page.reload();
  await waitForThread(page);
  const parentAgain = page.locator("#" + (await parent.getAttribute("id")));
  const parentCard = parentAgain.locator(":scope > article");
  await parentCard.getByRole("button", { name: "Delete" }).click();
  await parentCard.getByRole("group").getByRole("button", { name: "Delete" }).click();
  const placeholder = page
    .locator("article.confab-comment__card", { hasText: replyText })
    .locator("xpath=ancestor::li[2]");
  await expect(placeholder.locator(".confab-comment__card--deleted p")).toHaveText("This comment was deleted.");
  await expect(page.locator("article.confab-comment__card", { hasText: replyText })).toBeVisible();
  await page.reload();
  await waitForThread(page);
  await expect(parentAgain.locator(":scope > .confab-comment__card--deleted")).toHaveCount(1);
});

test("Ctrl+Enter posts, Escape cancels a reply and gives the focus back", async ({ page }) => {
  await openThread(page);
  const first = page.locator("li.confab-comment").first();
  await first.locator(".confab-button--reply").first().click();
  const box = first.locator("form.confab-reply");
  await expect(box.getByLabel(/^Comment/)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(box).toHaveCount(0);
  await expect(first.locator(".confab-button--reply").first()).toBeFocused();

  const text = `Sent with the keyboard ${Date.now()}`;
  const bottom = page.locator("form.confab-reply");
  await bottom.getByLabel(/^Name/).fill("Keyboard Reader");
  await bottom.getByLabel(/^Comment/).fill(text);
  await bottom.getByLabel(/^Comment/).press("Control+Enter");
  await expect(page.locator(".confab-comment", { hasText: text })).toBeVisible();
});

test("a held comment is seen by its author after a reload and by nobody else", async ({ page, browser }) => {
  const server = await startServer({ args: ["--moderation", "all"] });
  try {
    await openThread(page, `${server.url}/`);
    const text = `Held for moderation ${Date.now()}`;
    const held = await post(page, text);
    await expect(held.locator(".confab-comment__pending")).toHaveText("Your comment is awaiting moderation.");
    await expect(page.locator(".confab-thread__heading")).toHaveText(/^8 thoughts/);
    await page.reload();
    await waitForThread(page);
    await expect(page.locator("li.confab-comment", { hasText: text }).locator(".confab-comment__pending")).toBeVisible();

    const stranger = await browser.newPage();
    await openThread(stranger, `${server.url}/`);
    await expect(stranger.locator(".confab-comment", { hasText: text })).toHaveCount(0);
    await stranger.close();
  } finally {
    await server.kill();
  }
});

test("after the edit window the server refuses and the controls go away", async ({ page }) => {
  const server = await startServer({ args: ["--edit-window-seconds", "3"] });
  try {
    await openThread(page, `${server.url}/`);
    const text = `Too late to edit ${Date.now()}`;
    const mine = await post(page, text);
    await mine.getByRole("button", { name: "Edit" }).click();
    await mine.getByLabel("Edit your comment").fill("Changed too late");
    await page.waitForTimeout(3500);
    await mine.getByRole("button", { name: "Save" }).click();
    await expect(mine.locator("[role=alert]").first()).toContainText("only in the first 3 seconds");
    await expect(mine.getByRole("button", { name: "Edit" })).toHaveCount(0);
    await expect(mine.locator(".confab-comment__body")).toHaveText(text);
  } finally {
    await server.kill();
  }
});

test("a post made while the server is down goes through once after it restarts", async ({ page }) => {
  let server = await startServer();
  try {
    await openThread(page, `${server.url}/`);
    const box = page.locator("form.confab-reply");
    const text = `Posted across a server crash ${Date.now()}`;
    await box.getByLabel(/^Comment/).fill(text);
    await box.getByLabel(/^Name/).fill("Crash Survivor");
    await server.kill();
    await box.getByRole("button", { name: "Post Comment" }).click();
    await expect(box.locator(".confab-problem")).toContainText("Could not reach the comment server");
    await expect(box.getByLabel(/^Comment/)).toHaveValue(text);

    server = await startServer({ port: server.port, database: server.database });
    await box.getByRole("button", { name: "Try again" }).click();
    await expect(page.locator(".confab-comment", { hasText: text })).toHaveCount(1);
    await box.getByRole("button", { name: "Post Comment" }).isEnabled();
    await page.reload();
    await waitForThread(page);
    await expect(page.locator(".confab-comment", { hasText: text })).toHaveCount(1);
    await expect(page.locator("form.confab-reply").getByLabel(/^Comment/)).toHaveValue("");
  } finally {
    await server.kill();
  }
});

test("a locked thread shows its comments and says comments are closed", async ({ page }) => {
  const first = await startServer();
  const database = first.database;
  await first.kill();
  const lock = spawnSync(process.env.CONFAB_SERVER_BIN, ["--database", database, "lock", "--thread", "/why-social-media-in-healthcare/"]);
  expect(lock.status, String(lock.stderr)).toBe(0);
  const server = await startServer({ database });
  try {
    await openThread(page, `${server.url}/`);
    await expect(page.locator(".confab-comment").first()).toBeVisible();
    await expect(page.locator(".confab-thread__closed")).toHaveText("Comments are closed.");
    await expect(page.locator("form.confab-reply")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reply" })).toHaveCount(0);
  } finally {
    await server.kill();
  }
});
