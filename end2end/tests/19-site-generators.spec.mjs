// The snippets for sites, each tested by building a real site with the real tool: Hugo's
// partial and Jekyll's include (Debian's hugo and jekyll, installed by the suite), Eleventy's
// shortcode and Astro's component (the versions pinned in each test site's package.json,
// installed there by the suite with `npm ci`), and the plain HTML one. On each built page
// the thread shows in Chromium, keyed by the page's path under the site's base path, with
// the page's title.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { startServer } from "./server.mjs";
import { waitForThread } from "./helpers.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
let server;

test.beforeAll(async () => {
  server = await startServer();
});

test.afterAll(async () => {
  await server?.kill();
});

/**
 * A copy of the test site `name` with the snippets of `snippets/<name>` laid over it, or
 * into its folder `into`. Installed packages are not copied (see linkPackages).
 */
function siteCopy(name, into = ".") {
  const dir = mkdtempSync(join(tmpdir(), `confab-${name}-`));
  const notPackages = (from) => basename(from) !== "node_modules";
  cpSync(join(REPO, "end2end/sites", name), dir, { recursive: true, filter: notPackages });
  mkdirSync(join(dir, into), { recursive: true });
  cpSync(join(REPO, "snippets", name), join(dir, into), { recursive: true });
  return dir;
}

/** Links the packages `npm ci` installed in the test site `name` into its copy `dir`. */
function linkPackages(name, dir) {
  const installed = join(REPO, "end2end/sites", name, "node_modules");
  expect(existsSync(installed), `run npm ci in end2end/sites/${name}`).toBe(true);
  symlinkSync(installed, join(dir, "node_modules"));
}

/** Serves the files of `dir` at `<server>/site/` (a folder gives its index.html). */
async function serveSite(page, dir) {
  await page.route(`${server.url}/site/**`, (route) => {
    let file = join(dir, new URL(route.request().url()).pathname.replace(/^\/site\//, ""));
    if (!extname(file)) file = join(file, "index.html");
    if (!existsSync(file)) return route.fulfill({ status: 404, body: "not found" });
    return route.fulfill({ contentType: "text/html", body: readFileSync(file) });
  });
}

/** Posts a comment to `thread`, opens the built page at `path`, and finds it there. */
async function expectThread(page, request, path, thread, title) {
  const text = `A comment on ${thread} ${Date.now()}`;
  const response = await request.post(`${server.url}/api/v1/comments`, {
    headers: { Origin: server.url },
    data: { thread, author_name: "Sita Site", body: text },
  });
  expect(response.status(), await response.text()).toBe(201);
  await page.goto(`${server.url}/site${path}`);
  await waitForThread(page);
  await expect(page.locator(".confab-thread__heading")).toContainText(title);
  await expect(page.locator(".confab-comment__body").filter({ hasText: text })).toHaveCount(1);
}

test("Hugo's partial puts the page's thread under a post Hugo built", async ({ page, request }) => {
  const dir = siteCopy("hugo");
  appendFileSync(join(dir, "hugo.toml"), `\n[params.confab]\nserver = "${server.url}"\n`);
  const out = join(dir, "public");
  execFileSync("hugo", ["--source", dir, "--destination", out, "--baseURL", `${server.url}/site/`, "--quiet"]);
  const built = readFileSync(join(out, "posts/hello/index.html"), "utf8");
  expect(built).toContain(`<confab-comments thread="/site/posts/hello/" title="Hello from Hugo"`);
  await serveSite(page, out);
  await expectThread(page, request, "/posts/hello/", "/site/posts/hello/", "Hello from Hugo");
});

test("Jekyll's include puts the page's thread under a post Jekyll built", async ({ page, request }) => {
  const dir = siteCopy("jekyll");
  appendFileSync(join(dir, "_config.yml"), `\nurl: "${server.url}"\nbaseurl: "/site"\nconfab:\n  server: "${server.url}"\n`);
  const out = join(dir, "_site");
  execFileSync("jekyll", ["build", "--source", dir, "--destination", out, "--quiet"], { env: { ...process.env, JEKYLL_ENV: "production" } });
  const path = "/2026/12/06/hello.html";
  const built = readFileSync(join(out, path), "utf8");
  expect(built).toContain(`<confab-comments thread="/site${path}" title="Hello from Jekyll"`);
  await serveSite(page, out);
  await expectThread(page, request, path, `/site${path}`, "Hello from Jekyll");
});

test("Eleventy's shortcode puts the page's thread under a post Eleventy built", async ({ page, request }) => {
  const dir = siteCopy("eleventy");
  linkPackages("eleventy", dir);
  execFileSync("node_modules/.bin/eleventy", ["--pathprefix=/site/", "--quiet"], {
    cwd: dir,
    env: { ...process.env, CONFAB_SERVER: server.url, CONFAB_SITE: server.url },
  });
  const out = join(dir, "_site");
  const built = readFileSync(join(out, "posts/hello/index.html"), "utf8");
  expect(built).toContain(`<confab-comments thread="/site/posts/hello/" title="Hello from Eleventy" url="${server.url}/site/posts/hello/"`);
  await serveSite(page, out);
  await expectThread(page, request, "/posts/hello/", "/site/posts/hello/", "Hello from Eleventy");
});

test("Astro's component puts the page's thread under a post Astro built", async ({ page, request }) => {
  const dir = siteCopy("astro", "src/components");
  linkPackages("astro", dir);
  execFileSync("node_modules/.bin/astro", ["build", "--site", server.url, "--base", "/site", "--silent"], {
    cwd: dir,
    env: { ...process.env, CONFAB_SERVER: server.url, ASTRO_TELEMETRY_DISABLED: "1" },
  });
  const out = join(dir, "dist");
  const built = readFileSync(join(out, "posts/hello/index.html"), "utf8");
  expect(built).toContain(`<confab-comments thread="/site/posts/hello/" title="Hello from Astro" url="${server.url}/site/posts/hello/"`);
  // Astro must leave the script as it is: loaded from the Confab server, not bundled.
  expect(built).toContain(`<script async src="${server.url}/embed.js"></script>`);
  await serveSite(page, out);
  await expectThread(page, request, "/posts/hello/", "/site/posts/hello/", "Hello from Astro");
});

test("the plain HTML snippet keys the thread by the page's path", async ({ page, request }) => {
  const snippet = readFileSync(join(REPO, "snippets/html/confab.html"), "utf8").replace("https://comments.example", server.url);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain and simple</title></head>
    <body><h1>Plain and simple</h1>${snippet}</body></html>`;
  await page.route(`${server.url}/site/plain/`, (route) => route.fulfill({ contentType: "text/html", body: html }));
  await expectThread(page, request, "/plain/", "/site/plain/", "Plain and simple");
});
