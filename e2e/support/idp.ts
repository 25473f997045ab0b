/**
 * The test OpenID Connect provider that e2e/server.mjs runs beside the app
 * (tests/support/oidc-provider.ts): accounts are registered with it over HTTP, and its login page
 * has one "Account" field, the subject.
 */
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const IDP_ISSUER = process.env.KEEL_E2E_IDP_ISSUER!;

/** A new account at the provider with this e-mail (verified), and its subject and username. */
export async function idpAccount(email: string) {
  const sub = `e2e-${randomBytes(6).toString("hex")}`;
  const username = `idp-${randomBytes(4).toString("hex")}`;
  const response = await fetch(`${IDP_ISSUER}/test/accounts`, {
    method: "POST",
    body: JSON.stringify({ sub, email, email_verified: true, preferred_username: username, name: "Grace Hopper" }),
  });
  expect(response.status).toBe(204);
  return { sub, email, username };
}

/**
 * Clicks a button that goes to the provider, and signs in there as `sub` when it shows its login
 * page (a browser it knows already comes straight back); waits until the browser is back at Keel.
 */
export async function throughProvider(page: Page, sub: string, click: () => Promise<void>) {
  const idpOrigin = new URL(IDP_ISSUER).origin;
  const from = page.url();
  await click();
  const atLogin = (url: URL) => url.origin === idpOrigin && url.pathname.startsWith("/interaction/");
  const back = (url: URL) => url.origin !== idpOrigin && url.href !== from;
  await page.waitForURL((url) => atLogin(url) || back(url));
  if (atLogin(new URL(page.url()))) {
    await page.getByLabel("Account").fill(sub);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.origin !== idpOrigin);
  }
}

/** Signs the page's browser in (creating the account) through the provider's button on /signin. */
export async function signInWithProvider(page: Page, sub: string) {
  await page.goto("/signin");
  await throughProvider(page, sub, () => page.getByRole("button", { name: "Continue with Test IdP" }).click());
}
