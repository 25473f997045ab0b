/**
 * Runs the test OpenID Connect provider (oidc-provider.ts) as a process of its own, for the browser
 * tests (e2e/server.mjs starts it through tsx beside the app). Prints "ready <issuer>" once it
 * listens; stops on SIGTERM/SIGINT.
 *
 *   KEEL_IDP_PORT=<port> KEEL_IDP_REDIRECT_URI=<Keel's callback> OIDC_CLIENT_SECRET=<secret> tsx oidc-provider-main.ts
 */
import { startOidcProvider } from "./oidc-provider";

async function main() {
  const idp = await startOidcProvider({
    port: Number(process.env.KEEL_IDP_PORT),
    webRedirectUris: [process.env.KEEL_IDP_REDIRECT_URI!],
    webClientSecret: process.env.OIDC_CLIENT_SECRET,
  });
  console.log(`ready ${idp.issuer}`);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => void idp.close().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
