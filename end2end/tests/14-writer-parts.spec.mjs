// The writer parts (the full reply box, editing) load apart from the reader core: the
// thread is read without them, typing never waits for them, and a failed load loses nothing.
import { test, expect } from "./own-server.mjs";
import { openThread } from "./helpers.mjs";

const WRITER = "**/split_*.wasm";

/** Holds the writer part's download until `release()` is called. */
async function holdWriter(page) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const requested = [];
  await page.route(WRITER, async (route) => {
    requested.push(route.request().url());
    await released;
    await route.continue();
  });
  return { release: () => release(), requested };
}

/** What has the keyboard focus inside the widget's shadow root. */
function focusedName(page) {
  return page.evaluate(() => {
    const root = document.querySelector("#confab-thread").shadowRoot;
    return root.activeElement ? root.activeElement.getAttribute("name") : null;
  });
}

test("the thread is drawn before the writer part arrives, and the reader core fetches no writer", async ({ page }) => {
  const held = await holdWriter(page);
  const wasm = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasm.push(new URL(request.url()).pathname);
  });
  await openThread(page);
  await expect(page.locator(".confab-comment").first()).toBeVisible();
  expect(wasm[0]).toBe("/confab_bg.wasm");
  // Prefetched when idle: asked for, but held back, and the thread did not wait.
  await expect.poll(() => held.requested.length).toBe(1);
  await expect(page.locator("form.confab-reply--loading")).toHaveCount(1);
  held.release();
  await expect(page.locator("form.confab-reply")).not.toHaveClass(/confab-reply--loading/);
});

test("typing while the writer part loads is kept, with the caret, and the comment posts", async ({ page }) => {
  const held = await holdWriter(page);
  await openThread(page);
  const shell = page.locator("form.confab-reply--loading");
  const field = shell.getByLabel(/^Comment/);
  await field.click();
  await page.keyboard.type("Typed before the box was ready");
  await shell.getByLabel(/^Name/).fill("Early Typist");
  await field.click();
  await page.keyboard.press("End");
  await expect(shell).toHaveCount(1);

  held.release();
  const box = page.locator("form.confab-reply:not(.confab-reply--loading)");
  await expect(box.locator(".confab-tabs")).toBeVisible();
  expect(await focusedName(page)).toBe("body");
  await page.keyboard.type(", and after.");
  const text = "Typed before the box was ready, and after.";
  await expect(box.getByLabel(/^Comment/)).toHaveValue(text);
  await expect(box.getByLabel(/^Name/)).toHaveValue("Early Typist");
  await box.getByRole("button", { name: "Post Comment" }).click();
  await expect(page.locator(".confab-comment", { hasText: text })).toHaveCount(1);
});

test("a writer part that fails to load says so, keeps the text, and loads on Try again", async ({ page }) => {
  let failing = true;
  await page.route(WRITER, (route) => (failing ? route.abort() : route.continue()));
  await openThread(page);
  const shell = page.locator("form.confab-reply--loading");
  // The idle prefetch failed quietly: nothing is shown until the reader asks.
  await page.waitForTimeout(300);
  await expect(shell.locator(".confab-problem")).toHaveCount(0);
  const field = shell.getByLabel(/^Comment/);
  await field.click();
  await page.keyboard.type("Kept through a failed load");
  await expect(shell.locator(".confab-problem")).toContainText("The reply box could not be loaded.");
  await expect(field).toHaveValue("Kept through a failed load");

  failing = false;
  await shell.getByRole("button", { name: "Try again" }).click();
  const box = page.locator("form.confab-reply:not(.confab-reply--loading)");
  await expect(box.locator(".confab-tabs")).toBeVisible();
  await expect(box.getByLabel(/^Comment/)).toHaveValue("Kept through a failed load");
});

test("Reply before the writer part has loaded opens the box under the comment at once", async ({ page }) => {
  const held = await holdWriter(page);
  await openThread(page);
  const first = page.locator("li.confab-comment").first();
  await first.locator(".confab-button--reply").first().click();
  const shell = first.locator("form.confab-reply--loading");
  await expect(shell.locator("h3")).toContainText("Leave a Reply to");
  await shell.getByLabel(/^Comment/).fill("A reply typed early");
  held.release();
  const box = first.locator("form.confab-reply:not(.confab-reply--loading)");
  await expect(box.getByLabel(/^Comment/)).toHaveValue("A reply typed early");
});
