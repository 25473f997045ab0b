/**
 * Passkeys in a real browser: Chromium's virtual authenticator (CDP WebAuthn domain: CTAP2, internal
 * transport, resident keys, user verification) stands in for a fingerprint reader. A passkey is added
 * on the security page, the person signs out, and signs in again with the passkey alone: with the
 * "Sign in with a passkey" button, and through passkey autofill on the login field (conditional
 * mediation).
 *
 * WebAuthn needs a secure context and a domain as RP ID (Chromium refuses 127.0.0.1), so this runs
 * with its pages and the server's APP_URL on localhost: KEEL_E2E_HOST=localhost (scripts/test.mjs).
 */
import type { CDPSession, Page } from "@playwright/test";
import { registerThroughApi, newAccount, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { idpAccount, throughProvider } from "./support/idp";
import { waitForMail } from "./support/mail";

test.skip(process.env.KEEL_E2E_HOST !== "localhost", "needs KEEL_E2E_HOST=localhost (WebAuthn: secure context, domain RP ID)");

/** A platform authenticator that verifies the user (as a fingerprint would) without a prompt. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test("adding a passkey on the security page, then signing in with it alone", async ({ page }) => {
  const account = newAccount("passkey");
  await registerThroughApi(page.request, account);
  await signInThroughApi(page.request, account);
  const { cdp, authenticatorId } = await virtualAuthenticator(page);

  await page.goto("/profile/security");
  const panel = page.getByRole("region", { name: "Passkeys" });
  await expect(panel.getByTestId("no-passkeys")).toBeVisible();
  await panel.getByLabel("Name (optional)").fill("Test laptop");
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  await expect(panel.getByTestId("passkey-message")).toContainText("The passkey was added");
  const row = panel.getByTestId("passkey-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Test laptop");
  await expect(row).toContainText("not used yet");
  // The authenticator holds it as a discoverable credential for localhost, bound to the account.
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
  await waitForMail(account.email, /A passkey was added/);

  // Renamed from the list.
  await row.getByRole("button", { name: /Rename/ }).click();
  await row.getByLabel("New name").fill("Work laptop");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.locator(".row-title")).toHaveText("Work laptop");

  // Usable on a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/signin?callbackUrl=%2Fprofile%2Fsecurity");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  // A session like any other: listed as this browser, recorded as a sign-in, the passkey marked used.
  await expect(page.getByTestId("session-row").and(page.locator('[data-current="true"]'))).toHaveCount(1);
  await expect(page.getByTestId("activity-row").first()).toHaveAttribute("data-type", "sign_in");
  await expect(page.getByTestId("passkey-row")).toContainText("last used");

  // Removing it (a password remains) leaves the authenticator's copy useless.
  await page.getByTestId("passkey-row").getByRole("button", { name: /Remove/ }).click();
  await expect(page.getByTestId("no-passkeys")).toBeVisible();
});

/**
 * Records the `mediation` of every navigator.credentials.get() the pages make, across navigations
 * (the call itself goes through unchanged to the browser and its authenticator): "conditional" is
 * the autofill ceremony, "default" the button's modal one.
 */
async function recordCredentialRequests(page: Page): Promise<string[]> {
  const mediations: string[] = [];
  await page.exposeFunction("keelTestCredentialRequest", (mediation: string) => mediations.push(mediation));
  await page.addInitScript(() => {
    const get = navigator.credentials.get.bind(navigator.credentials);
    navigator.credentials.get = (options?: CredentialRequestOptions) => {
      void (window as unknown as { keelTestCredentialRequest(mediation: string): Promise<void> }).keelTestCredentialRequest(options?.mediation ?? "default");
      return get(options);
    };
  });
  return mediations;
}

test("signing in through passkey autofill on the login field (conditional mediation)", async ({ page }) => {
  const account = newAccount("autofill");
  await registerThroughApi(page.request, account);
  await signInThroughApi(page.request, account);
  await virtualAuthenticator(page);
  const mediations = await recordCredentialRequests(page);

  await page.goto("/profile/security");
  const panel = page.getByRole("region", { name: "Passkeys" });
  await panel.getByLabel("Name (optional)").fill("Autofill laptop");
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  await expect(panel.getByTestId("passkey-row")).toContainText("Autofill laptop");
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect((await page.context().cookies()).some((cookie) => cookie.name.endsWith("next-auth.session-token"))).toBe(false);

  // The sign-in page starts the autofill ceremony once the login field is there; the browser offers
  // the passkey among the field's suggestions and the virtual authenticator takes it when the field
  // has focus. Nobody clicks "Sign in with a passkey", and no password is typed.
  await page.goto("/signin?callbackUrl=%2Fprofile%2Fsecurity");
  const login = page.getByLabel("Username or email");
  await expect(login).toHaveAttribute("autocomplete", "username webauthn");
  await login.focus();
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  // One ceremony, the autofill one (the security page makes none).
  expect(mediations).toEqual(["conditional"]);

  // A NextAuth session like any other: its cookie, listed as this browser, recorded as a sign-in,
  // the passkey marked used.
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session?.user?.name).toBe(account.username);
  await expect(page.getByTestId("session-row").and(page.locator('[data-current="true"]'))).toHaveCount(1);
  await expect(page.getByTestId("activity-row").first()).toHaveAttribute("data-type", "sign_in");
  await expect(page.getByTestId("passkey-row")).toContainText("last used");
});

test("an account with passkeys only deletes itself, confirmed with a passkey", async ({ page, console }) => {
  // The removed passkey's last try at signing in is refused by NextAuth's callback.
  console.allow(/401 \(Unauthorized\)/);
  // An account made through the identity provider has no password; a passkey is added and the
  // provider unlinked, which leaves the passkey as the only way in.
  const account = await idpAccount(`${newAccount("pkonly").username}@idp.example`);
  await page.goto("/signin");
  await throughProvider(page, account.sub, () => page.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("profile-has-password")).toContainText("Password: none");
  await virtualAuthenticator(page);
  await page.goto("/profile/security");
  const panel = page.getByRole("region", { name: "Passkeys" });
  await panel.getByRole("button", { name: "Add a passkey" }).click();
  await expect(panel.getByTestId("passkey-row")).toHaveCount(1);
  await page.goto("/profile");
  await page.getByRole("region", { name: "Sign-in methods" }).getByRole("button", { name: "Unlink Test IdP" }).click();
  await expect(page.getByTestId("identities-message")).toHaveText("The provider was unlinked. It no longer signs in to this account.");

  // No password to type: the confirmation asks the passkey instead.
  const danger = page.getByRole("region", { name: "Delete account" });
  await danger.getByRole("button", { name: "Delete account…" }).click();
  await expect(danger.getByLabel("Your password, to confirm")).toHaveCount(0);
  await danger.getByRole("button", { name: "Confirm with a passkey and delete" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1$/);
  await expect(page.getByTestId("account-deleted")).toBeVisible();
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});

  // The authenticator still holds the passkey; the server no longer knows it.
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("signin-error")).toContainText("could not be verified");
  await expect(page).toHaveURL(/\/signin/);
});
