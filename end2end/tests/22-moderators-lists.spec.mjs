// The moderators' screen at the scale of a busy site: every comment of the site (not only
// held ones), narrowed by filters, read in pages of 200 with “Show more”, and acted on in
// bulk: the comments selected, or every comment the filters match. Each comment acted on
// is logged once. In light and dark, with axe. And the threads page: counts, the latest
// comment, a lock, and the title corrected; and the numbers, drawn.
import AxeBuilder from "@axe-core/playwright";
import { test, expect } from "./own-server.mjs";
import { logInAsModerator, screenshotPath } from "./helpers.mjs";

/** More links than the server allows: such a comment is held for a moderator. */
const LINKS = "\n\n<https://a.example> <https://b.example> <https://c.example> <https://d.example>";

async function post(request, baseURL, comment) {
  const response = await request.post(`${baseURL}/api/v1/comments`, { data: comment });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return (await response.json()).comment.id;
}

async function search(page) {
  await page.getByRole("button", { name: "Search" }).click();
}

for (const colorScheme of ["light", "dark"]) {
  test(`a moderator filters every comment, pages through them and acts on many at once (${colorScheme})`, async ({ page, request, baseURL }) => {
    test.slow(); // 200 and more comments are posted and drawn
    await page.emulateMedia({ colorScheme });
    const run = `${colorScheme}${Date.now()}`;
    const thread = `/many-${run}/`;
    for (let number = 0; number < 203; number++) {
      await post(request, baseURL, { thread, author_name: `Many ${run}`, body: `Comment ${number} of many ${run}` });
    }
    const special = await post(request, baseURL, { thread, author_name: "Sol", author_email: `sol-${run}@example.org`, body: `From Sol ${run}` });
    const held = [];
    for (const name of ["Ann", "Ben", "Cat"]) {
      held.push(await post(request, baseURL, { thread: "/why-social-media-in-healthcare/", author_name: `${name} ${run}`, body: `Held ${name} ${run}${LINKS}` }));
    }
    await logInAsModerator(page);

    // Every comment of one thread: a first page of 200, then the rest.
    await page.getByRole("tab", { name: "All comments" }).click();
    await page.getByText("Filters", { exact: true }).click();
    await page.getByLabel("Thread (its key, whole)").fill(thread);
    await search(page);
    const items = page.locator(".item");
    await expect(items).toHaveCount(200);
    await expect(items.first()).toHaveAttribute("data-comment-id", String(special));
    await page.getByRole("button", { name: "Show more" }).click();
    await expect(items).toHaveCount(204);
    await expect(page.getByRole("button", { name: "Show more" })).toHaveCount(0);

    // One commenter, by the whole email.
    await page.getByLabel("Email (whole)").fill(`SOL-${run}@example.org`);
    await search(page);
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText(`From Sol ${run}`);
    const results = await new AxeBuilder({ page }).include("main.admin").analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await page.screenshot({ path: screenshotPath(`moderators-lists-${colorScheme}`), fullPage: true });

    // Two held comments selected, approved in one action.
    await page.getByRole("tab", { name: "Held" }).click();
    await page.getByRole("searchbox").fill(run);
    await search(page);
    await expect(items).toHaveCount(3);
    await page.getByLabel(`Select comment ${held[0]}`).check();
    await page.getByLabel(`Select comment ${held[2]}`).check();
    await expect(page.locator(".selected-count")).toHaveText("2 selected");
    await page.getByRole("button", { name: "Approve selected" }).click();
    await expect(page.getByRole("status")).toHaveText("2 comments: done (approve).");
    await expect(items).toHaveCount(1);
    await expect(items.first()).toHaveAttribute("data-comment-id", String(held[1]));
    await page.getByRole("tab", { name: "Log" }).click();
    const rows = page.locator("table.log tbody tr");
    for (const id of [held[0], held[2]]) {
      await expect(rows.filter({ hasText: "approve" }).filter({ hasText: String(id) })).toHaveCount(1);
    }

    // Every comment the filters match, across pages, marked as spam in one action.
    await page.getByRole("tab", { name: "All comments" }).click();
    await page.getByText("Filters", { exact: true }).click();
    await page.getByLabel("Thread (its key, whole)").fill(thread);
    await search(page);
    await expect(items).toHaveCount(200);
    await page.getByLabel("Every comment matching the filters").check();
    await page.getByRole("button", { name: "Spam all matching" }).click();
    await expect(page.getByRole("status")).toHaveText("204 comments: done (spam).");
    const left = await (await request.get(`${baseURL}/api/v1/comments?thread=${thread}&limit=100`)).json();
    expect(left.comments).toEqual([]);

    // The log has one line for each comment acted on.
    const log = await (await page.request.get(`${baseURL}/api/v1/admin/log`)).json();
    const spammed = log.entries.filter((entry) => entry.action === "spam").map((entry) => entry.comment_id);
    expect(spammed.length, "the latest lines are the 204 spam marks").toBe(log.entries.length);
    expect(new Set(spammed).size, "one line per comment").toBe(spammed.length);
    expect(spammed).toContain(special);
  });
}

test("the threads page counts each thread's comments, locks one and corrects its title", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const thread = `/threads-page-${run}/`;
  await post(request, baseURL, { thread, title: `Threads page ${run}`, author_name: "Tia", body: `One ${run}` });
  await post(request, baseURL, { thread, author_name: "Tom", body: `Two ${run}` });
  await post(request, baseURL, { thread, author_name: "Ted", body: `Held ${run}${LINKS}` });
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "Threads" }).click();
  await page.getByRole("searchbox").fill(`threads-page-${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.locator(`tr[data-thread="${thread}"]`);
  await expect(page.locator("table.threads tbody tr")).toHaveCount(1);
  await expect(row.locator("td").nth(0)).toContainText(`Threads page ${run}`);
  await expect(row.locator("td").nth(1)).toHaveText("2");
  await expect(row.locator("td").nth(2)).toHaveText("1");
  await expect(row.locator("time")).toBeVisible();
  await row.getByText("Edit title and address").click();
  await page.screenshot({ path: screenshotPath("moderators-threads"), fullPage: true });
  await row.getByText("Edit title and address").click();
  const results = await new AxeBuilder({ page }).include("main.admin").analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  await row.getByRole("button", { name: "Lock" }).click();
  await expect(page.getByRole("status")).toHaveText(`Locked ${thread}: it takes no new comments.`);
  await expect(row.getByRole("button", { name: "Unlock" })).toHaveAttribute("aria-pressed", "true");
  const refused = await request.post(`${baseURL}/api/v1/comments`, { data: { thread, author_name: "Late", body: `Too late ${run}` } });
  expect(refused.status()).toBe(403);

  await row.getByText("Edit title and address").click();
  await row.getByLabel("Title").fill(`Corrected ${run}`);
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText(`Updated the title and address of ${thread}.`);
  const read = await (await request.get(`${baseURL}/api/v1/comments?thread=${thread}`)).json();
  expect(read.thread.title).toBe(`Corrected ${run}`);
  expect(read.thread.locked).toBe(true);
});

test("the numbers draw comments per day and name the busiest threads", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const thread = `/numbers-${run}/`;
  for (let number = 0; number < 5; number++) {
    await post(request, baseURL, { thread, title: `Numbers ${run}`, author_name: "Nia", body: `Counted ${number} ${run}` });
  }
  const today = new Date().toISOString().slice(0, 10);
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "Numbers" }).click();
  await expect(page.locator(".totals")).toContainText("In 30 days:");
  await expect(page.locator("svg.chart g")).toHaveCount(30);
  const bar = page.locator("svg.chart g").last();
  await expect(bar.locator("title")).toContainText(`${today}: `);
  await expect(bar.locator("rect")).toHaveCount(3);
  expect(Number(await bar.locator("rect.published").getAttribute("height"))).toBeGreaterThan(0);
  await expect(page.locator(".busiest li").filter({ hasText: `Numbers ${run}` })).toContainText("5 comments");
  await page.getByText("The numbers as a table").click();
  await expect(page.locator("table.days tbody tr").first().locator("td").first()).toHaveText(today);
  const results = await new AxeBuilder({ page }).include("main.admin").analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: screenshotPath("moderators-numbers"), fullPage: true });

  await page.getByRole("button", { name: "365 days" }).click();
  await expect(page.getByRole("button", { name: "365 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("svg.chart g")).toHaveCount(365);
  await expect(page.locator(".totals")).toContainText("In 365 days:");
});

test("a moderator erases everything one commenter wrote, confirming first", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const thread = `/erase-${run}/`;
  const email = `eve-${run}@example.org`;
  const first = await post(request, baseURL, { thread, author_name: `Eve ${run}`, author_email: email, body: `Eve's first ${run}` });
  await post(request, baseURL, { thread, parent_id: first, author_name: "Ray", body: `A reply that stays ${run}` });
  await post(request, baseURL, { thread, author_name: `Eve ${run}`, author_email: email, body: `Eve's second ${run}` });
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "All comments" }).click();
  await page.getByText("Filters", { exact: true }).click();
  await page.getByLabel("Email (whole)").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.locator(".item")).toHaveCount(2);
  await page.getByLabel("Every comment matching the filters").check();
  const erase = page.locator('.bulk [data-action="erase"]');
  await expect(erase).toHaveText("Erase all matching");
  await erase.click();
  await expect(erase).toHaveText("Erase for good?");
  await expect(page.locator(".item")).toHaveCount(2);
  await erase.click();
  await expect(page.getByRole("status")).toHaveText("2 comments: done (erase).");
  await expect(page.locator(".item")).toHaveCount(0);
  const read = await (await request.get(`${baseURL}/api/v1/comments?thread=${thread}`)).text();
  expect(read).toContain(`A reply that stays ${run}`);
  expect(read).not.toContain(`Eve ${run}`);
  expect(read).not.toContain("Eve's");
  expect(read).not.toContain(email);
});

test("a moderator edits a comment, readers see it was edited by a moderator, and the earlier text stays readable", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const thread = "/why-social-media-in-healthcare/";
  const id = await post(request, baseURL, { thread, author_name: `Vic ${run}`, author_email: `vic-${run}@example.org`, body: `Visit my shop ${run}, call 555-0100` });
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "All comments" }).click();
  await page.getByText("Filters", { exact: true }).click();
  await page.getByLabel("Email (whole)").fill(`vic-${run}@example.org`);
  await page.getByRole("button", { name: "Search" }).click();
  const item = page.locator(`.item[data-comment-id="${id}"]`);
  await item.getByText("Edit", { exact: true }).click();
  const text = item.getByLabel(/^Text/);
  await expect(text).toHaveValue(`Visit my shop ${run}, call 555-0100`);
  await expect(item.getByText("No earlier versions.")).toBeVisible();
  await text.fill(`Visit my shop ${run}`);
  await item.getByLabel("Name").fill(`Victor ${run}`);
  await item.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").first()).toHaveText(`Saved comment ${id}: readers see it edited by a moderator.`);
  const edited = page.locator(`.item[data-comment-id="${id}"]`);
  await expect(edited.locator(".author")).toHaveText(`Victor ${run}`);
  await expect(edited.locator(".body")).toHaveText(`Visit my shop ${run}`);
  await edited.getByText("Edit", { exact: true }).click();
  await expect(edited.locator(".versions-heading")).toHaveText("Earlier versions (1)");
  await expect(edited.locator(".version")).toContainText("by its author");
  await expect(edited.locator(".version-text")).toHaveText(`Visit my shop ${run}, call 555-0100`);
  const results = await new AxeBuilder({ page }).include("main.admin").analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  // A reader of the demo sees the new text, marked.
  const reader = await page.context().newPage();
  await reader.goto(`${baseURL}/#confab-comment-${id}`);
  const card = reader.locator(`#confab-comment-${id} > .confab-comment__card`);
  await expect(card).toContainText(`Visit my shop ${run}`);
  await expect(card).not.toContainText("555-0100");
  await expect(card.locator(".confab-comment__edited")).toHaveText("(edited by a moderator)");
});

test("one commenter's page counts what they wrote across threads and erases all of it in one click", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const email = `kim-${run}@example.org`;
  const first = await post(request, baseURL, { thread: `/kim-a-${run}/`, author_name: `Kim ${run}`, author_email: email, body: `Kim on A ${run}` });
  await post(request, baseURL, { thread: `/kim-a-${run}/`, parent_id: first, author_name: "Lou", body: `Lou answers Kim ${run}` });
  await post(request, baseURL, { thread: `/kim-b-${run}/`, author_name: `Kim ${run}`, author_email: email, body: `Kim on B ${run}` });
  await post(request, baseURL, { thread: `/kim-b-${run}/`, author_name: `Kim ${run}`, author_email: email, body: `Kim held ${run}${LINKS}` });
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "All comments" }).click();
  await page.getByRole("searchbox").fill(`Kim on A ${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  await page.locator(".item").first().getByRole("button", { name: email }).click();

  await expect(page.getByRole("tab", { name: "Commenter" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("heading", { name: `Commenter ${email}` })).toBeVisible();
  const tally = page.locator(".tally");
  await expect(tally.locator("div", { hasText: "Published" }).locator("dd")).toHaveText("2");
  await expect(tally.locator("div", { hasText: "Held" }).locator("dd")).toHaveText("1");
  await expect(tally.locator("div", { hasText: "Threads" }).locator("dd")).toHaveText("2");
  await expect(page.locator(".item")).toHaveCount(3);
  const results = await new AxeBuilder({ page }).include("main.admin").analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: screenshotPath("moderators-commenter"), fullPage: true });

  const erase = page.getByRole("button", { name: "Erase everything they wrote" });
  await erase.click();
  await page.getByRole("button", { name: "Erase for good?" }).first().click();
  await expect(page.locator(".commenter-page > .notice").first()).toHaveText("3 comments: done (erase).");
  await expect(page.locator(".item")).toHaveCount(0);
  await expect(tally.locator("div", { hasText: "Published" }).locator("dd")).toHaveText("0");
  const read = await (await request.get(`${baseURL}/api/v1/comments?thread=/kim-a-${run}/`)).text();
  expect(read).toContain(`Lou answers Kim ${run}`);
  expect(read).not.toContain(`Kim on A ${run}`);
  expect(read).not.toContain(email);
});

test("a moderator blocks a commenter from their page, and tries, adds and removes a rule", async ({ page, request, baseURL }) => {
  const run = Date.now();
  const email = `pest-${run}@example.org`;
  await post(request, baseURL, { thread: `/rules-${run}/`, author_name: `Pest ${run}`, author_email: email, body: `First of the pest ${run}` });
  await logInAsModerator(page);
  await page.getByRole("tab", { name: "All comments" }).click();
  await page.getByRole("searchbox").fill(`First of the pest ${run}`);
  await page.getByRole("button", { name: "Search" }).click();
  await page.locator(".item").first().getByRole("button", { name: email }).click();
  await page.getByRole("button", { name: "Block: their new comments go to Spam" }).click();
  await expect(page.locator(".commenter-page > .notice").first()).toContainText("Blocked: their new comments go to Spam (rule ");

  // Their next comment lands in Spam, saying which rule and why; they are told it waits.
  const next = await request.post(`${baseURL}/api/v1/comments`, { data: { thread: `/rules-${run}/`, author_name: `Pest ${run}`, author_email: email, body: `Again the pest ${run}` } });
  expect(next.status()).toBe(202);
  await page.getByRole("tab", { name: "Spam" }).click();
  const caught = page.locator(".item", { hasText: `Again the pest ${run}` });
  await expect(caught.locator(".rule-note")).toContainText(`spam by rule`);
  await expect(caught.locator(".rule-note")).toContainText(email);

  // The Rules tab: a phrase tried on past comments, added, then removed.
  await page.getByRole("tab", { name: "Rules" }).click();
  await expect(page.locator("table.rules")).toContainText(email);
  // A new site's spam filter says it waits for decisions before it judges.
  await expect(page.locator("ul.filters li").first()).toContainText(/^Spam filter of \S+: learned from \d+ spam and \d+ good comments; it judges nothing until moderators have decided on 50 of each/);
  await page.getByLabel("Looks at").selectOption("phrase");
  await page.getByLabel("Pattern").fill(`of the pest ${run}`);
  await page.getByRole("button", { name: "Try on past comments" }).click();
  await expect(page.getByRole("status").first()).toHaveText(/^This rule would have matched 1 of the latest \d+ comments\.$/);
  await page.getByRole("button", { name: "Add the rule" }).click();
  await expect(page.getByRole("status").first()).toHaveText(/^Added rule \d+\.$/);
  const row = page.locator("table.rules tr", { hasText: `of the pest ${run}` });
  await expect(row).toContainText("Mark as spam");
  const results = await new AxeBuilder({ page }).include("main.admin").analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: screenshotPath("moderators-rules"), fullPage: true });
  await row.getByRole("button", { name: /^Remove rule/ }).click();
  await expect(row).toHaveCount(0);
});
