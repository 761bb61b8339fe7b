// Writing without losing a word: drafts, retries that post once, remember me, preview.
import { test, expect } from "./own-server.mjs";
import { openThread, waitForThread } from "./helpers.mjs";

test("a long comment survives a reload", async ({ page }) => {
  await openThread(page);
  const long = `A long draft written at ${Date.now()}.\n\n` + "Every word matters. ".repeat(200);
  await page.locator("form.confab-reply").getByLabel(/^Comment/).fill(long);
  await page.reload();
  await waitForThread(page);
  await expect(page.locator("form.confab-reply").getByLabel(/^Comment/)).toHaveValue(long);
  await page.locator("form.confab-reply").getByLabel(/^Comment/).fill("");
});

test("a post whose answer is lost is retried once and stored once", async ({ page }) => {
  await openThread(page);
  const text = `Retried at ${Date.now()}: stored exactly once.`;
  let lost = 0;
  await page.route("**/api/v1/comments", async (route) => {
    if (route.request().method() === "POST" && lost === 0) {
      lost += 1;
      await route.fetch(); // the server stores the comment…
      return route.abort("connectionreset"); // …but its answer never arrives
    }
    return route.continue();
  });
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill(text);
  await box.getByLabel(/^Name/).fill("Patient Reader");
  await box.getByRole("button", { name: "Post Comment" }).click();

  await expect(box.locator(".confab-problem")).toContainText("Could not reach the comment server");
  await expect(box.getByLabel(/^Comment/)).toHaveValue(text);
  await box.getByRole("button", { name: "Try again" }).click();

  await expect(page.locator(".confab-comment", { hasText: text })).toHaveCount(1);
  await page.unroute("**/api/v1/comments");
  await page.reload();
  await waitForThread(page);
  await expect(page.locator(".confab-comment", { hasText: text })).toHaveCount(1);
  await expect(page.locator("form.confab-reply").getByLabel(/^Comment/)).toHaveValue("");
});

test("name, email and website are kept only when the reader asks", async ({ page }) => {
  await openThread(page);
  const box = page.locator("form.confab-reply");
  const remember = box.getByLabel("Save my name, email, and website");
  await expect(remember).not.toBeChecked();
  await box.getByLabel(/^Name/).fill("Forgotten Reader");
  await page.reload();
  await waitForThread(page);
  await expect(box.getByLabel(/^Name/)).toHaveValue("");

  await box.getByLabel(/^Name/).fill("Remembered Reader");
  await box.getByLabel(/^Email/).fill("remembered@example.com");
  await remember.check();
  await page.reload();
  await waitForThread(page);
  await expect(box.getByLabel(/^Name/)).toHaveValue("Remembered Reader");
  await expect(box.getByLabel(/^Email/)).toHaveValue("remembered@example.com");
  await expect(remember).toBeChecked();

  await remember.uncheck();
  await page.reload();
  await waitForThread(page);
  await expect(box.getByLabel(/^Name/)).toHaveValue("");
});

test("preview shows the body as it will be published, and the counter warns near the limit", async ({ page }) => {
  await openThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("Some **bold** words and <script>alert(1)</script>");
  await box.getByRole("button", { name: "Preview" }).click();
  const preview = box.locator(".confab-preview");
  await expect(preview.locator("strong")).toHaveText("bold");
  await expect(preview).toContainText("<script>alert(1)</script>");
  await box.getByRole("button", { name: "Write" }).click();

  await box.getByLabel(/^Comment/).fill("x".repeat(9_500));
  await expect(box.locator(".confab-counter")).toHaveText("500 characters left");
  await box.getByLabel(/^Comment/).fill("x".repeat(10_003));
  await expect(box.locator(".confab-counter")).toHaveText("3 characters too many");
  await expect(box.getByRole("button", { name: "Post Comment" })).toBeDisabled();
  await box.getByLabel(/^Comment/).fill("");

  await box.getByLabel(/^Name/).fill("n".repeat(101));
  await expect(box.locator(".confab-field--author_name .confab-error")).toHaveText(
    "Name is too long (at most 100 characters).",
  );
  await expect(box.getByRole("button", { name: "Post Comment" })).toBeDisabled();
  await box.getByLabel(/^Name/).fill("Short Name");
  await expect(box.getByRole("button", { name: "Post Comment" })).toBeEnabled();
});
