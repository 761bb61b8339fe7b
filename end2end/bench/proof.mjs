// The proof of work in the widget, for `cargo xtask bench`: on a server that asks every
// post for one, how long the widget takes to solve a challenge in Chromium, and the
// longest main-thread task meanwhile. Prints one JSON object.
//
// Usage: node bench/proof.mjs '{"confab": URL, "runs": 10}'
//
// Each run opens a fresh browser context on a host page answered by Playwright itself,
// fills in the name, then types the comment (which asks for the challenge) and presses
// Post the moment the challenge has arrived: the post leaves once the proof is found, so
// the time from the challenge's answer to the post's request is the solve time (plus a
// click, a few milliseconds).
import { chromium } from "@playwright/test";

const config = JSON.parse(process.argv[2]);
const HOST = "http://localhost:7357";

const page = (thread) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <title>Bench</title></head><body><h1>Bench</h1><div id="confab-thread"></div>
  <script async src="${config.confab}/embed.js" data-confab-thread="${thread}"
    data-confab-loading="eager"></script></body></html>`;

// As in render.mjs: Debian's Chromium, which may reach the loopback server from a page
// Playwright answers.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults",
  ],
});
const runs = [];
try {
  for (let run = 0; run < config.runs; run += 1) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.route(`${HOST}/**`, (route) =>
      route.fulfill({ contentType: "text/html", body: page("/bench-proof/") }),
    );
    await tab.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await tab.goto(`${HOST}/proof/${run}`);
    const box = tab.locator("form.confab-reply");
    await box.getByLabel(/^Name/).fill("Bench Reader");
    const challenge = tab.waitForResponse((response) => response.url().endsWith("/api/v1/challenge"));
    await box.getByLabel(/^Comment/).fill(`Proof of work, run ${run}`);
    await challenge;
    const answered = Date.now();
    await tab.evaluate(() => (window.__longTasks.length = 0));
    const posted = tab.waitForRequest((request) => request.method() === "POST" && request.url().endsWith("/api/v1/comments"));
    await box.getByRole("button", { name: "Post Comment" }).click();
    const request = await posted;
    const solveMs = Date.now() - answered;
    const response = await request.response();
    if (response.status() !== 201) throw new Error(`the post was answered ${response.status()}`);
    const longTasks = await tab.evaluate(() => window.__longTasks);
    // The search counts up from 0: the number found is how many hashes it tried, less one.
    const hashes = Number(request.postDataJSON().proof.split(":").pop()) + 1;
    runs.push({ solve_ms: solveMs, hashes, longest_task_ms: Math.max(0, ...longTasks) });
    process.stderr.write(`run ${run + 1}: solved in ${solveMs} ms\n`);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ runs }));
