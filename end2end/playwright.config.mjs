// Playwright drives Debian's Chromium against a real confab-server, which `cargo xtask test`
// starts on a fresh SQLite file and passes in as CONFAB_BASE_URL.
import { defineConfig } from "@playwright/test";

const baseURL = process.env.CONFAB_BASE_URL;
if (!baseURL) {
  throw new Error("CONFAB_BASE_URL is not set: run the browser tests with `cargo xtask test e2e`");
}

export default defineConfig({
  testDir: "tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
