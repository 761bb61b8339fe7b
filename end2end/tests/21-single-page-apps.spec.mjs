// The single-page app examples (examples/react and examples/vue), each type-checked and
// built with Vite as a site owner would (their packages installed by the suite with
// `npm ci`), then served at <server>/site/: the counts the app renders on its index fill,
// each post the app opens shows its own thread, and the next post's thread replaces it.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { startServer } from "./server.mjs";
import { waitForThread } from "./helpers.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };
let server;

// Both apps key their threads alike, so each test has a server of its own.
test.beforeEach(async () => {
  server = await startServer();
});

test.afterEach(async () => {
  await server?.kill();
});

/** Runs one of the example's own tools (from its node_modules) in it, failing with its output. */
function run(dir, tool, args, env = {}) {
  try {
    execFileSync(join(dir, "node_modules/.bin", tool), args, { cwd: dir, env: { ...process.env, ...env }, encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    throw new Error(`${tool} ${args.join(" ")} failed in ${dir}:\n${error.stdout}${error.stderr}`);
  }
}

/** Serves the built app `dir` at `<server>/site/`: its files, else its index.html. */
async function serveSite(page, dir) {
  await page.route((url) => url.href.startsWith(`${server.url}/site/`), (route) => {
    let file = join(dir, new URL(route.request().url()).pathname.replace(/^\/site\//, ""));
    if (!extname(file) || !existsSync(file)) file = join(dir, "index.html");
    return route.fulfill({ contentType: TYPES[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
  });
}

/** Posts a comment to `thread` through the API and gives its text. */
async function postComment(request, thread) {
  const text = `A comment on ${thread} ${Date.now()}`;
  const response = await request.post(`${server.url}/api/v1/comments`, {
    headers: { Origin: server.url },
    data: { thread, author_name: "Sami Spa", body: text },
  });
  expect(response.status(), await response.text()).toBe(201);
  return text;
}

/** Waits for the thread of the post `title` and finds `text` in it and not `other`. */
async function expectThread(page, title, text, other) {
  await waitForThread(page);
  await expect(page.locator(".confab-thread__heading")).toContainText(title);
  const bodies = page.locator(".confab-comment__body");
  await expect(bodies.filter({ hasText: text })).toHaveCount(1);
  if (other) await expect(bodies.filter({ hasText: other })).toHaveCount(0);
}

for (const [name, typecheck] of [["react", "tsc"], ["vue", "vue-tsc"]]) {
  test(`the ${name} example fills its counts and shows each post's thread as the app navigates`, async ({ page, request }) => {
    test.slow(); // type-checking and building take a while on a busy machine
    const dir = join(REPO, "examples", name);
    // The example carries a copy of the published types, which must not drift.
    const types = readFileSync(join(REPO, "snippets/types/confab.d.ts"), "utf8");
    expect(readFileSync(join(dir, "src/confab.d.ts"), "utf8")).toBe(types);
    run(dir, typecheck, ["--noEmit"]);
    const out = mkdtempSync(join(tmpdir(), `confab-${name}-`));
    run(dir, "vite", ["build", "--base", "/site/", "--outDir", out, "--emptyOutDir", "--logLevel", "warn"], { VITE_CONFAB_SERVER: server.url });
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(`<script async src="${server.url}/embed.js"></script>`);
    await serveSite(page, out);

    const first = await postComment(request, "/site/posts/first-light/");
    const second = await postComment(request, "/site/posts/second-thoughts/");
    const countRequests = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/v1/counts")) countRequests.push(request.url());
    });
    await page.goto(`${server.url}/site/`);
    const counts = page.locator("confab-count");
    await expect(counts).toHaveText(["1 comment", "1 comment"]);
    expect(countRequests).toHaveLength(1);

    await page.getByRole("button", { name: "First light" }).click();
    await expectThread(page, "First light", first, second);

    // Back on the index the app renders new count elements, filled from one more request.
    await page.getByRole("button", { name: "All notes" }).click();
    await expect(counts).toHaveText(["1 comment", "1 comment"]);
    expect(countRequests).toHaveLength(2);
    await page.getByRole("button", { name: "Second thoughts" }).click();
    await expectThread(page, "Second thoughts", second, first);

    // Straight from one post to another: the key gives the new post a new element.
    await page.getByRole("button", { name: "Next: First light" }).click();
    await expectThread(page, "First light", first, second);
    await expect(page.locator("confab-comments")).toHaveCount(1);
  });
}
