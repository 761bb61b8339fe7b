import { chromium } from "@playwright/test";
const [size, pageSize] = [process.argv[2], process.argv[3] ?? "all"];
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults"] });
const page = await browser.newPage();
let last = "";
page.on("console", (m) => { if (m.text().startsWith("ALLOC tick")) last = m.text(); });
await page.route("http://localhost:7357/**", (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>B</title></head><body><div id="confab-thread"></div>
<script async src="http://127.0.0.1:7790/embed.js" data-confab-thread="/bench-${size}/" data-confab-page-size="${pageSize}" data-confab-loading="eager"></script></body></html>` }));
const start = Date.now();
await page.goto("http://localhost:7357/x");
await page.waitForFunction((n) => { const h = document.querySelector("#confab-thread"); const r = h && h.shadowRoot; return r && r.querySelectorAll(".confab-comment").length >= n; }, Number(pageSize === "all" ? size : 20), { timeout: 120000 });
const drawn = Date.now() - start;
await page.waitForTimeout(1600);
console.log(size, "drawn in", drawn, "ms;", last);
await browser.close();
