// Render timings for `cargo xtask bench`: Confab's widget and Isso's embed on the same host
// page address, in the same Chromium, alternating run by run. Prints one JSON object.
//
// Usage: node bench/render.mjs '{"confab": URL, "isso": URL, "sizes": [100, …], "runs": 5}'
// (without "isso", only Confab is measured: a quick look while working on the widget)
//
// Each run opens a fresh browser context (empty cache) on http://localhost:7357/…, a page
// answered by Playwright itself, so both systems are embedded cross-origin alike. A probe
// installed before any script runs counts the rendered comments on every frame and
// records, relative to navigation start, when the frame callback that first sees a comment
// and the one that sees them all ran (performance.now() in the callback, not the frame's
// timestamp), and every main-thread task over 50 ms; afterwards the JS heap (after a
// garbage collection) and the WebAssembly memory are read.
//
// A reply arriving live is timed too (Confab only: Isso has no live updates): with the
// whole thread drawn, the page posts a reply under its sixth comment as another reader
// would, and the time runs until the reply is in the page, with the longest main-thread
// task meanwhile. The reply is deleted afterwards, so the thread keeps its size.
//
// Confab's reply box is timed too, once per run in a fresh context: Reply on the first
// comment is clicked the moment it is on screen (before the writer parts' idle prefetch
// has had its chance, so they come from the network), and the time runs until a frame
// callback sees the full box in the comment's place.
import { chromium } from "@playwright/test";

const config = JSON.parse(process.argv[2]);
const HOST = "http://localhost:7357";
const TIMEOUT_MS = 120_000;

const systems = {
  confab: {
    selector: ".confab-comment, .confab-pingback",
    page: (thread, pageSize) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <title>Bench</title></head><body><h1>Bench</h1><div id="confab-thread"></div>
      <script async src="${config.confab}/embed.js" data-confab-thread="${thread}"
        data-confab-page-size="${pageSize}" data-confab-loading="eager"></script></body></html>`,
  },
  isso: {
    // Not the preview inside the reply box, which has the same class.
    selector: "#isso-root .isso-comment",
    page: (thread) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <title>Bench</title></head><body><h1>Bench</h1>
      <script src="${config.isso}/js/embed.min.js" data-isso="${config.isso}/"
        data-isso-max-comments-top="inf" data-isso-max-comments-nested="inf"
        data-isso-vote="false"></script>
      <section id="isso-thread" data-isso-id="${thread}"></section></body></html>`,
  },
};

// Runs in the page before its scripts: counts comments in the document and in open
// shadow roots on every animation frame.
function probe({ selector, expected }) {
  const result = { first: null, all: null };
  window.__bench = result;
  // WebAssembly memories, whose size the JS heap does not include.
  const memories = (window.__wasmMemories = []);
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      const made = await original.apply(WebAssembly, args);
      const instance = made.instance ?? made;
      if (instance.exports?.memory) memories.push(instance.exports.memory);
      return made;
    };
  }
  const count = () => {
    let n = document.querySelectorAll(selector).length;
    for (const host of document.querySelectorAll("#confab-thread")) {
      if (host.shadowRoot) n += host.shadowRoot.querySelectorAll(selector).length;
    }
    return n;
  };
  // Long tasks (over 50 ms) on the main thread, from navigation start.
  result.longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) result.longTasks.push(entry.duration);
  }).observe({ type: "longtask", buffered: true });
  // The time when the frame's callback runs, not the frame's own timestamp: that is the
  // start of the frame, from before a long task that built the thread in it.
  const frame = () => {
    const now = performance.now();
    const n = count();
    if (n > 0 && result.first === null) result.first = now;
    if (n >= expected && result.all === null) {
      result.all = now;
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

// A fresh context (empty cache) on the host page at `thread`, embedding `system`.
async function openHostPage(browser, system, thread, pageSize) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${HOST}/**`, (route) =>
    route.fulfill({ contentType: "text/html", body: systems[system].page(thread, pageSize) }),
  );
  return { context, page };
}

async function measure(browser, system, thread, pageSize, expected) {
  const { context, page } = await openHostPage(browser, system, thread, pageSize);
  await page.addInitScript(probe, { selector: systems[system].selector, expected });
  await page.goto(`${HOST}${thread}`);
  let timing;
  try {
    await page.waitForFunction(() => window.__bench.all !== null, null, { timeout: TIMEOUT_MS, polling: 100 });
    timing = await page.evaluate(() => window.__bench);
  } catch {
    timing = { first: await page.evaluate(() => window.__bench.first), all: null };
  }
  // Long tasks are reported when they end; let the last one arrive.
  await page.waitForTimeout(200);
  const longTasks = await page.evaluate(() => window.__bench.longTasks);
  const cdp = await context.newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => window.__wasmMemories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0));
  await context.close();
  return {
    first_ms: timing.first,
    all_ms: timing.all,
    heap_bytes: heap.usedSize,
    wasm_bytes: wasm,
    longest_task_ms: longTasks.length ? Math.max(...longTasks) : 0,
    long_tasks: longTasks.length,
  };
}

// A live reply into a whole thread already drawn: how long until it shows, and the longest
// task meanwhile.
async function measureLive(browser, thread, expected) {
  const { context, page } = await openHostPage(browser, "confab", thread, "all");
  await page.addInitScript(probe, { selector: systems.confab.selector, expected });
  // Notes when the live stream is open (a stream never ends, so no resource entry shows it).
  await page.addInitScript(() => {
    const Original = window.EventSource;
    window.EventSource = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("open", () => (window.__liveOpen = true));
      }
    };
  });
  await page.goto(`${HOST}${thread}`);
  await page.waitForFunction(
    () => window.__bench.all !== null && window.__liveOpen === true,
    null,
    { timeout: TIMEOUT_MS, polling: 100 },
  );
  // The rest of the thread drawn and the live stream open.
  await page.waitForTimeout(1000);
  const measured = await page.evaluate(
    async ({ api, thread, timeout }) => {
      const root = document.querySelector("#confab-thread").shadowRoot;
      if (root.querySelector("[aria-busy=true]")) return { live_ms: null };
      const parent = Number(root.querySelectorAll(".confab-comment")[5].id.split("-").pop());
      const text = `A live reply ${Math.random()}`;
      const tasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: "longtask" });
      const start = performance.now();
      const shown = new Promise((resolve) => {
        const check = () => (root.textContent.includes(text) ? resolve(performance.now()) : requestAnimationFrame(check));
        requestAnimationFrame(check);
        setTimeout(resolve, timeout, null);
      });
      const response = await fetch(`${api}/api/v1/comments`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ thread, parent_id: parent, author_name: "Live Reader", body: text }),
      });
      const posted = await response.json();
      const end = await shown;
      // Long tasks are reported when they end; let the last one arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return {
        live_ms: end === null ? null : end - start,
        longest_task_ms: tasks.length ? Math.max(...tasks) : 0,
        id: posted.comment?.id,
        token: posted.edit_token,
      };
    },
    { api: config.confab, thread, timeout: TIMEOUT_MS },
  );
  await context.close();
  if (measured.id) {
    await fetch(`${config.confab}/api/v1/comments/${measured.id}`, {
      method: "DELETE",
      headers: { Origin: HOST, Authorization: `Bearer ${measured.token}` },
    });
  }
  return { live_ms: measured.live_ms, longest_task_ms: measured.longest_task_ms };
}

// From a click on the first comment's Reply to a frame showing the full, ready reply box.
async function measureReply(browser, thread) {
  const { context, page } = await openHostPage(browser, "confab", thread, "20");
  await page.goto(`${HOST}${thread}`);
  await page.waitForFunction(
    () => document.querySelector("#confab-thread")?.shadowRoot?.querySelector(".confab-button--reply"),
    null,
    { timeout: TIMEOUT_MS, polling: "raf" },
  );
  const measured = await page.evaluate(
    ({ timeout }) =>
      new Promise((resolve) => {
        const root = document.querySelector("#confab-thread").shadowRoot;
        const button = root.querySelector(".confab-button--reply");
        const comment = button.closest(".confab-comment");
        // Whether the idle prefetch had already asked for a writer part.
        const prefetched = performance
          .getEntriesByType("resource")
          .some((entry) => entry.name.endsWith(".wasm") && !entry.name.includes("confab_bg"));
        const start = performance.now();
        button.click();
        const frame = () => {
          const now = performance.now();
          if (comment.querySelector("form.confab-reply:not(.confab-reply--loading) textarea")) {
            resolve({ reply_ms: now - start, prefetched });
          } else if (now - start > timeout) {
            resolve({ reply_ms: null, prefetched });
          } else {
            requestAnimationFrame(frame);
          }
        };
        requestAnimationFrame(frame);
      }),
    { timeout: TIMEOUT_MS },
  );
  await context.close();
  return measured;
}

async function expectedCount(system, thread, pageSize) {
  if (system === "confab") {
    const response = await fetch(`${config.confab}/api/v1/comments?thread=${encodeURIComponent(thread)}&limit=${pageSize}`);
    const body = await response.json();
    return body.comments.length;
  }
  const response = await fetch(`${config.isso}/?uri=${encodeURIComponent(thread)}`);
  const body = await response.json();
  const count = (replies) => replies.reduce((sum, comment) => sum + 1 + count(comment.replies ?? []), 0);
  return count(body.replies);
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  // The host pages are answered by Playwright, so Chromium cannot tell their address
  // space and would refuse their requests to the loopback servers.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults",
  ],
});
const results = [];
for (const size of config.sizes) {
  const thread = `/bench-${size}/`;
  const cases = [
    { system: "confab", pageSize: "all" },
    { system: "isso", pageSize: "all" },
    { system: "confab", pageSize: "20" },
  ].filter((item) => item.system !== "isso" || config.isso);
  for (const item of cases) {
    item.expected = await expectedCount(item.system, thread, item.pageSize);
    item.runs = [];
  }
  const live = [];
  for (let run = 0; run < config.runs; run++) {
    for (const item of cases) {
      const measured = await measure(browser, item.system, thread, item.pageSize, item.expected);
      item.runs.push(measured);
      console.error(`${size} ${item.system} page-size=${item.pageSize}: first ${measured.first_ms?.toFixed(0)} ms, all ${measured.all_ms?.toFixed(0)} ms of ${item.expected}, longest task ${measured.longest_task_ms.toFixed(0)} ms`);
    }
    const measured = await measureLive(browser, thread, cases[0].expected);
    live.push(measured);
    console.error(`${size} confab live reply: shown after ${measured.live_ms?.toFixed(0)} ms, longest task ${measured.longest_task_ms?.toFixed(0)} ms`);
  }
  results.push({ size, cases, live });
}
// The reply box does not depend on the thread's size: timed on the smallest.
const reply = [];
for (let run = 0; run < config.runs; run++) {
  const measured = await measureReply(browser, `/bench-${Math.min(...config.sizes)}/`);
  reply.push(measured);
  console.error(`reply box: ${measured.reply_ms?.toFixed(0)} ms after the click${measured.prefetched ? " (writer part already requested)" : ""}`);
}
await browser.close();
console.log(JSON.stringify({ sizes: results, reply }));
