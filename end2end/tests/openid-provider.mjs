// A real OpenID provider on loopback for the login tests: `oidc-provider` (a certified
// implementation) with its development login and consent pages, one client (Confab), and
// accounts whose name and verified email come from the login typed.
import Provider from "oidc-provider";
import { createServer } from "node:net";

export const CLIENT_ID = "confab-end-to-end";
export const CLIENT_SECRET = "an-end-to-end-client-secret";

/** A port free now, for a server whose address must be known before it starts. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the provider; Confab's callback is `redirectUri`. */
export async function startOpenIdProvider({ redirectUri }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    }],
    claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
    pkce: { required: () => true },
    findAccount: async (_context, sub) => ({
      accountId: sub,
      claims: async () => ({
        sub,
        name: sub.replace(/^./, (first) => first.toUpperCase()) + " Example",
        email: `${sub}@id.example`,
        email_verified: true,
      }),
    }),
  });
  provider.proxy = false;
  const server = provider.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
