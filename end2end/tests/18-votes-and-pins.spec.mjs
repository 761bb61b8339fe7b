// Votes and pins: a reader votes up, takes the vote back, votes down and changes it to up,
// and still sees their vote after a reload; the best first; a moderator pins a comment on
// the moderators' screen and the widget shows it first, marked "Pinned"; in light and
// dark, with axe clean.
import { test, expect } from "./own-server.mjs";
import AxeBuilder from "@axe-core/playwright";
import { logInAsModerator, openHostPage, screenshotPath, waitForThread } from "./helpers.mjs";
import { startServer } from "./server.mjs";

let voting;

test.beforeAll(async () => {
  voting = await startServer({ args: ["--votes", "up-down"] });
});

test.afterAll(async () => {
  await voting?.kill();
});

/** Posts a top-level comment to `thread` on `url`'s server; returns its id. */
async function post(request, url, thread, author_name, body) {
  const response = await request.post(`${url}/api/v1/comments`, {
    headers: { Origin: url },
    data: { thread, title: "Votes", author_name, body },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).comment.id;
}

/** The vote buttons of comment `id`'s own card. */
function votes(page, id) {
  const card = page.locator(`#confab-comment-${id} > .confab-comment__card`);
  return { up: card.locator(".confab-vote").first(), down: card.locator(".confab-vote").nth(1) };
}

for (const scheme of ["light", "dark"]) {
  test(`a reader votes, takes it back, changes it, and finds it after a reload (${scheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const thread = `/votes-${scheme}/`;
    const id = await post(request, voting.url, thread, "Vera", "A comment worth a vote.");
    await openHostPage(page, voting.url, { thread });
    await waitForThread(page);
    const { up, down } = votes(page, id);
    await expect(up).toHaveAttribute("aria-label", "Vote up (0)");
    await expect(up).toHaveAttribute("aria-pressed", "false");

    await up.click();
    await expect(up).toHaveAttribute("aria-label", "Vote up (1)");
    await expect(up).toHaveAttribute("aria-pressed", "true");
    await up.click();
    await expect(up).toHaveAttribute("aria-label", "Vote up (0)");
    await expect(up).toHaveAttribute("aria-pressed", "false");
    await down.click();
    await expect(down).toHaveAttribute("aria-label", "Vote down (1)");
    await expect(down).toHaveAttribute("aria-pressed", "true");
    await up.click();
    await expect(up).toHaveAttribute("aria-label", "Vote up (1)");
    await expect(down).toHaveAttribute("aria-label", "Vote down (0)");
    // A card drawn again with new totals shows its text once.
    await expect(page.locator(`#confab-comment-${id} > .confab-comment__card .confab-comment__body p`)).toHaveCount(1);

    // The server counted one vote, and this browser still shows it as its own.
    const stored = await (await request.get(`${voting.url}/api/v1/comments?thread=${thread}&sort=best`)).json();
    expect([stored.comments[0].up, stored.comments[0].down ?? 0]).toEqual([1, 0]);
    await page.reload();
    await page.locator("confab-comments").scrollIntoViewIfNeeded();
    await waitForThread(page);
    await expect(votes(page, id).up).toHaveAttribute("aria-pressed", "true");
    // Keyboard only: Tab to the button and press Space.
    await votes(page, id).down.focus();
    await page.keyboard.press("Space");
    await expect(votes(page, id).down).toHaveAttribute("aria-pressed", "true");

    await page.locator(`#confab-comment-${id}`).screenshot({ path: screenshotPath(`votes-${scheme}`) });
    const results = await new AxeBuilder({ page }).include("confab-comments").analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
}

test("the reader's own comment shows its score on buttons that cannot be pressed", async ({ page }) => {
  const thread = "/votes-own/";
  await openHostPage(page, voting.url, { thread });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  await box.getByLabel(/^Comment/).fill("My own comment, not mine to vote on.");
  await box.getByLabel(/^Name/).fill("Olga Own");
  await box.getByRole("button", { name: "Post Comment" }).click();
  const own = page.locator(".confab-comment").filter({ hasText: "My own comment" });
  await expect(own.locator(".confab-vote").first()).toBeDisabled();
});

for (const scheme of ["light", "dark"]) {
  test(`best first puts the best voted on top (${scheme})`, async ({ page, request }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const thread = `/votes-best-${scheme}/`;
    const plain = await post(request, voting.url, thread, "Paul", "No votes here.");
    const liked = await post(request, voting.url, thread, "Lea", "Everybody likes this one.");
    for (const voter of ["first-voter-key-0001", "second-voter-key-002"]) {
      const response = await request.put(`${voting.url}/api/v1/comments/${liked}/vote`, {
        headers: { Origin: voting.url },
        data: { value: 1, voter },
      });
      expect(response.status()).toBe(200);
    }
    await openHostPage(page, voting.url, { thread });
    await waitForThread(page);
    const first = page.locator(".confab-comments > .confab-comment").first();
    await expect(first).toHaveAttribute("id", `confab-comment-${plain}`);
    await page.getByLabel("Sort by").selectOption("best");
    await expect(first).toHaveAttribute("id", `confab-comment-${liked}`);
    const results = await new AxeBuilder({ page }).include("confab-comments").analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
}

for (const scheme of ["light", "dark"]) {
  test(`a moderator pins a comment and the widget shows it first (${scheme})`, async ({ page, request, baseURL }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const thread = `/pins-${scheme}/`;
    const run = Date.now();
    await post(request, baseURL, thread, "Early", `The first comment ${run}`);
    const later = await post(request, baseURL, thread, "Later", `The comment to pin ${run}`);

    await logInAsModerator(page);
    await page.getByRole("tab", { name: "Published" }).click();
    await page.getByRole("searchbox").fill(`pin ${run}`);
    await page.getByRole("button", { name: "Search" }).click();
    const item = page.locator(`.item[data-comment-id="${later}"]`);
    await item.getByRole("button", { name: "Pin to the top" }).click();
    await expect(page.getByRole("status")).toContainText(`Pinned comment ${later}`);
    await expect(item.getByRole("button", { name: "Unpin" })).toHaveAttribute("aria-pressed", "true");

    await openHostPage(page, baseURL, { thread });
    await waitForThread(page);
    const first = page.locator(".confab-comments > .confab-comment").first();
    await expect(first).toHaveAttribute("id", `confab-comment-${later}`);
    await expect(first.locator(".confab-badge--pinned")).toHaveText("Pinned");
    await page.getByLabel("Sort by").selectOption("newest");
    await expect(page.locator(".confab-comments > .confab-comment").first()).toHaveAttribute("id", `confab-comment-${later}`);
    await page.locator("confab-comments").screenshot({ path: screenshotPath(`pinned-${scheme}`) });
    const results = await new AxeBuilder({ page }).include("confab-comments").analyze();
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
}
