// `test` for a spec that writes to the demo thread. Each spec file that imports it gets a
// confab-server and a database of its own, seeded with the demo thread and configured as
// the shared server is (the moderator, the other origin), so its posts never change
// another spec's thread and the files can run in any order.
import { test as base } from "@playwright/test";
import { startServer } from "./server.mjs";

export { expect } from "@playwright/test";

export const test = base.extend({
  /** The server of the spec file now running; the previous file's is stopped. */
  fileServer: [
    async ({}, use) => {
      const current = { file: undefined, server: undefined };
      await use(current);
      await current.server?.kill();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ fileServer }, use, testInfo) => {
    if (fileServer.file !== testInfo.file) {
      await fileServer.server?.kill();
      fileServer.server = undefined;
      const config = process.env.CONFAB_CONFIG;
      if (!config) throw new Error("CONFAB_CONFIG must be set (cargo xtask test e2e)");
      fileServer.server = await startServer({ args: ["--config", config, "--allowed-origin", "http://127.0.0.1:4444"] });
      fileServer.file = testInfo.file;
    }
    await use(fileServer.server.url);
  },
});
