// Login with OpenID Connect, end to end: the reply box's "Sign in with …" opens a popup
// that goes through Confab to a real OpenID provider (oidc-provider, on loopback), where
// the reader logs in and consents; the popup hands the session back and closes, the reader
// posts as that person, is still signed in after a reload, and logs out.
import { test, expect } from "@playwright/test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openHostPage, screenshotPath, waitForThread } from "./helpers.mjs";
import { CLIENT_ID, CLIENT_SECRET, freePort, startOpenIdProvider } from "./openid-provider.mjs";
import { startServer } from "./server.mjs";

let server;
let provider;

test.beforeAll(async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  provider = await startOpenIdProvider({ redirectUri: `${origin}/api/v1/login/callback` });
  const config = join(mkdtempSync(join(tmpdir(), "confab-oidc-")), "confab.toml");
  writeFileSync(
    config,
    `public_url = "${origin}"\n[[site]]\nname = "blog"\norigins = ["${origin}"]\n` +
      `[[site.login]]\nid = "example-id"\nname = "Example ID"\nkind = "oidc"\n` +
      `issuer = "${provider.issuer}"\nclient_id = "${CLIENT_ID}"\nclient_secret = "${CLIENT_SECRET}"\n`,
  );
  server = await startServer({ args: ["--config", config], port });
});

test.afterAll(async () => {
  await server?.kill();
  await provider?.stop();
});

test("a reader signs in with an OpenID provider in a popup, posts, stays signed in and logs out", async ({ page }) => {
  const providerRequests = [];
  page.context().on("request", (request) => {
    if (request.url().startsWith(provider.issuer)) providerRequests.push(request.url());
  });
  await openHostPage(page, server.url, { thread: "/oidc/" });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  const signIn = box.getByRole("button", { name: "Sign in with Example ID" });
  await expect(signIn).toBeVisible();
  expect(providerRequests, "nothing goes to the provider before the click").toEqual([]);
  await box.screenshot({ path: screenshotPath("sign-in-buttons") });

  const [popup] = await Promise.all([page.waitForEvent("popup"), signIn.click()]);
  await popup.locator('input[name="login"]').fill("jane");
  await popup.locator('input[name="password"]').fill("any password");
  await popup.getByRole("button", { name: "Sign-in" }).click();
  await popup.getByRole("button", { name: "Continue" }).click();
  await popup.waitForEvent("close");

  await expect(box.getByText("Signed in as Jane Example")).toBeVisible();
  await expect(box.getByLabel(/^Name/)).toBeHidden();
  await expect(signIn).toBeHidden();
  await box.getByLabel(/^Comment/).fill("Posted as the provider says I am");
  await box.screenshot({ path: screenshotPath("signed-in-with-openid") });
  await box.getByRole("button", { name: "Post Comment" }).click();
  const card = page.locator("article.confab-comment__card", { hasText: "Posted as the provider says I am" });
  await expect(card.locator(".confab-comment__author")).toHaveText("Jane Example");

  // Reloaded, the reader is still signed in (the session is kept by the host page).
  await page.reload();
  await waitForThread(page);
  const again = page.locator("form.confab-reply");
  await expect(again.getByText("Signed in as Jane Example")).toBeVisible();

  // Logging out ends the session on the server too: the kept token no longer posts.
  const session = await page.evaluate(() => localStorage.getItem("confab:session").split("\n")[0]);
  await again.getByRole("button", { name: "Log out" }).click();
  await expect(again.getByLabel(/^Name/)).toBeVisible();
  await expect(again.getByRole("button", { name: "Sign in with Example ID" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem("confab:session"))).toBeNull();
  const refused = await page.request.post(`${server.url}/api/v1/comments`, {
    data: { thread: "/oidc/", body: "With an ended session", session },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.code).toBe("session_ended");
});

test("a message from another origin signs nobody in", async ({ page }) => {
  await openHostPage(page, server.url, { thread: "/oidc-forged/" });
  await waitForThread(page);
  const box = page.locator("form.confab-reply");
  // The reader starts a sign-in, and a page of another origin posts a forged session.
  const [popup] = await Promise.all([
    page.waitForEvent("popup"),
    box.getByRole("button", { name: "Sign in with Example ID" }).click(),
  ]);
  await popup.close();
  await page.evaluate(() => {
    const forged = new MessageEvent("message", { data: "confab-login\nforged\n1\nMallory", origin: "https://evil.example" });
    window.dispatchEvent(forged);
  });
  await expect(box.getByLabel(/^Name/)).toBeVisible();
  await expect(box.getByText("Signed in as Mallory")).toBeHidden();
  expect(await page.evaluate(() => localStorage.getItem("confab:session"))).toBeNull();
});
