// Writing on the demo page: replies land where they belong, errors keep what was typed.
import { test, expect } from "./own-server.mjs";
import { headingCount, openThread, waitForThread } from "./helpers.mjs";

test("a reply to a nested comment appears under it and survives a reload", async ({ page }) => {
  const heading = await openThread(page);
  const before = await headingCount(heading);
  const liza = page.locator("li.confab-comment:has(> article .confab-badge)");
  // Liza's comment has no replies yet: nothing to fold away.
  const collapse = liza.locator("> article").getByRole("button", { name: /replies$/ });
  await expect(collapse).toHaveCount(0);
  await liza.locator(".confab-button--reply").first().click();

  const box = liza.locator("form.confab-reply");
  await expect(box.locator("h3")).toContainText("Leave a Reply to Liza Sisler");
  const text = `Thanks, Liza. A reply written at ${Date.now()}.`;
  await box.getByLabel(/^Comment/).fill(`${text}\nWith a **second** line.`);
  await box.getByLabel(/^Name/).fill("Playwright Reader");
  await box.getByLabel(/^Website/).fill("https://reader.example/");
  await box.getByRole("button", { name: "Post Comment" }).click();

  const posted = liza.locator(".confab-comments--replies .confab-comment", { hasText: text });
  await expect(posted).toHaveCount(1);
  await expect(posted.locator("strong")).toHaveText("second");
  await expect(heading).toHaveText(new RegExp(`^${before + 1} thoughts`));
  await expect(page.locator("form.confab-reply h3")).toHaveText("Leave a Reply");
  // Its first reply gives it the button that folds replies away, and back.
  await expect(collapse).toHaveText("Collapse replies");
  await expect(collapse).toHaveAttribute("aria-expanded", "true");
  await collapse.click();
  await expect(posted).toHaveCount(0);
  await expect(collapse).toHaveText("Expand replies");
  await expect(collapse).toHaveAttribute("aria-expanded", "false");
  await collapse.click();
  await expect(posted).toHaveCount(1);

  await page.reload();
  const again = await waitForThread(page);
  await expect(again).toHaveText(new RegExp(`^${before + 1} thoughts`));
  const lizaAgain = page.locator("li.confab-comment:has(> article .confab-badge)");
  await expect(lizaAgain.locator(".confab-comments--replies .confab-comment", { hasText: text })).toHaveCount(1);
});

test("an empty comment shows the server's error and keeps the other fields", async ({ page }) => {
  await openThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Name/).fill("Kept Name");
  await box.getByLabel(/^Email/).fill("kept@example.com");
  await box.getByLabel(/^Website/).fill("https://kept.example/");
  await box.getByRole("button", { name: "Post Comment" }).click();

  await expect(box.locator(".confab-field--body .confab-error")).toHaveText("Please write a comment.");
  await expect(box.getByLabel(/^Comment/)).toHaveAttribute("aria-invalid", "true");
  await expect(box.getByLabel(/^Name/)).toHaveValue("Kept Name");
  await expect(box.getByLabel(/^Email/)).toHaveValue("kept@example.com");
  await expect(box.getByLabel(/^Website/)).toHaveValue("https://kept.example/");
});

test("a website that is not a web address is refused next to its field", async ({ page }) => {
  await openThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("This text must survive.");
  await box.getByLabel(/^Name/).fill("Someone");
  await box.getByLabel(/^Website/).fill("javascript:alert(1)");
  await box.getByRole("button", { name: "Post Comment" }).click();

  await expect(box.locator(".confab-field--author_website .confab-error")).toContainText("http://");
  await expect(box.getByLabel(/^Comment/)).toHaveValue("This text must survive.");
});
