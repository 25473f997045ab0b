/**
 * Sign-in through an identity provider in Chromium, with the test OpenID Connect provider that
 * e2e/server.mjs runs on loopback (tests/support/oidc-provider.ts): its login page has one
 * "Account" field (the subject); the tests register each account's claims with it first.
 */
import { newAccount, newSignedInAccount, registerThroughApi, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { idpAccount, throughProvider } from "./support/idp";
import { waitForMail } from "./support/mail";

test("signing in with the provider creates an account, and the second time opens the same one", async ({ page, browser }) => {
  const account = await idpAccount(`${newAccount("idp").username}@idp.example`);
  await page.goto("/signin");
  await throughProvider(page, account.sub, () => page.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("profile-username")).toHaveText(account.username);
  await expect(page.getByTestId("profile-email")).toHaveText(account.email);
  await expect(page.getByTestId("profile-has-password")).toContainText("Password: none");
  await expect(page.getByTestId("identity-item")).toHaveCount(1);
  await expect(page.getByTestId("identity-item")).toContainText("Test IdP");

  // Another browser (no session anywhere): the provider's login page again, then the same account.
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto("/signin");
  await throughProvider(other, account.sub, () => other.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(other).toHaveURL(/\/profile$/);
  await expect(other.getByTestId("profile-username")).toHaveText(account.username);
  await context.close();
});

test("an existing account's e-mail is refused with how to link it; linking from the profile then signing in with the provider; unlinking", async ({ page, browser }) => {
  const user = newAccount("linker");
  await registerThroughApi(page.request, user);
  const account = await idpAccount(user.email);

  await page.goto("/signin");
  await throughProvider(page, account.sub, () => page.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(page).toHaveURL(/\/signin\?error=IdentityEmailTaken/);
  await expect(page.getByTestId("signin-provider-error")).toContainText("already exists");
  await expect(page.getByTestId("signin-provider-error")).toContainText("link Test IdP on your profile page");

  // As told: sign in with the password, link the provider on the profile.
  await signInWithForm(page, user.username, user.password);
  await expect(page).toHaveURL(/\/profile$/);
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await expect(methods.getByTestId("profile-has-password")).toContainText("Password: set");
  await throughProvider(page, account.sub, () => methods.getByRole("button", { name: "Link Test IdP", exact: true }).click());
  await expect(page).toHaveURL(/\/profile\?linked=1$/);
  await expect(page.getByTestId("identities-message")).toHaveText("Signing in with the provider now opens this account.");
  await expect(methods.getByTestId("identity-item")).toContainText(user.email);
  await expect(page.getByTestId("profile-username")).toHaveText(user.username);
  const notice = await waitForMail(user.email, /Test IdP can now sign in to your Keel account/);
  expect(notice.text).toContain("was linked to your Keel account");

  // Another browser signs in through the provider: the password account.
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto("/signin");
  await throughProvider(other, account.sub, () => other.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(other).toHaveURL(/\/profile$/);
  await expect(other.getByTestId("profile-username")).toHaveText(user.username);
  await context.close();

  // Unlink: the account keeps its password; the provider no longer opens it.
  await methods.getByRole("button", { name: "Unlink Test IdP" }).click();
  await expect(page.getByTestId("identities-message")).toHaveText("The provider was unlinked. It no longer signs in to this account.");
  await expect(methods.getByTestId("identity-item")).toHaveCount(0);
  await expect(methods.getByRole("button", { name: "Link Test IdP", exact: true })).toBeVisible();
});

test("the last way to sign in cannot be unlinked", async ({ page }) => {
  const account = await idpAccount(`${newAccount("last").username}@idp.example`);
  await page.goto("/signin");
  await throughProvider(page, account.sub, () => page.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(page).toHaveURL(/\/profile$/);
  const methods = page.getByRole("region", { name: "Sign-in methods" });
  await methods.getByRole("button", { name: "Unlink Test IdP" }).click();
  await expect(methods.getByTestId("unlink-error")).toContainText("last way to sign in");
  await expect(methods.getByTestId("identity-item")).toHaveCount(1);
});

test("a signed-in account that links an identity of another account is told so", async ({ page, browser }) => {
  const account = await idpAccount(`${newAccount("owner").username}@idp.example`);
  const context = await browser.newContext();
  const owner = await context.newPage();
  await owner.goto("/signin");
  await throughProvider(owner, account.sub, () => owner.getByRole("button", { name: "Continue with Test IdP" }).click());
  await expect(owner).toHaveURL(/\/profile$/);
  await context.close();

  await newSignedInAccount(page, "other");
  await page.goto("/profile");
  await throughProvider(page, account.sub, () => page.getByRole("region", { name: "Sign-in methods" }).getByRole("button", { name: "Link Test IdP", exact: true }).click());
  await expect(page).toHaveURL(/identityError=linked-elsewhere/);
  await expect(page.getByTestId("identities-message")).toHaveText("This Test IdP account is linked to another Keel account.");
});
