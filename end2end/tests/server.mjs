// A private confab-server for tests that need their own settings (moderation, a short edit
// window) or must kill and restart the server. `cargo xtask test` passes the binary's path.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const binary = process.env.CONFAB_SERVER_BIN;
const dist = process.env.CONFAB_DIST;

/** Starts a server on a free port (or `port`) with a fresh database (or `database`). */
export async function startServer({ args = [], port = 0, database } = {}) {
  if (!binary || !dist) throw new Error("CONFAB_SERVER_BIN and CONFAB_DIST must be set (cargo xtask test e2e)");
  const file = database ?? join(mkdtempSync(join(tmpdir(), "confab-e2e-")), "confab.db");
  // Tests post from one address as fast as a script: no rate limits, and no proof of work
  // unless the test asks for one.
  const limits = ["--write-rate", "1000000", "--read-rate", "1000000"];
  if (!args.includes("--proof-of-work")) limits.push("--proof-of-work", "off");
  const child = spawn(binary, ["--bind", `127.0.0.1:${port}`, "--database", file, "--static-dir", dist, "--demo", ...limits, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/Listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`confab-server exited (${code}) before listening`)));
  });
  return {
    url,
    database: file,
    port: Number(new URL(url).port),
    /** Stops the server at once, as a crash would. */
    async kill() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}
