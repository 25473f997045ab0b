import { newAccount, newSignedInAccount, registerWithForm, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("register, see and edit the profile, change the password, sign out and back in", async ({ page, console }) => {
  // Signing in with the old password after the change is refused with a 401.
  console.allow(/status of 401 \(Unauthorized\).*\/api\/auth\/callback\/credentials/);
  const account = newAccount("walker");
  const banner = page.getByRole("banner");

  await registerWithForm(page, account);

  // Registration lands on the welcome page (e2e/navigation.spec.ts); the profile is one link away.
  await expect(page).toHaveURL(/\/welcome$/);
  await banner.getByTestId("header-username").click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  await expect(banner.getByTestId("header-username")).toContainText(account.username);
  await expect(page.getByTestId("profile-username")).toHaveText(account.username);
  await expect(page.getByTestId("profile-email")).toHaveText(account.email);
  await expect(page.getByTestId("profile-order-count")).toHaveText("0");

  // A field error: focus goes to the field, what was typed stays.
  const details = page.getByRole("region", { name: "Account details" });
  const renamed = `${account.username}-2`;
  await details.getByLabel("Username").fill(renamed);
  await details.getByLabel("Email").fill("not an email");
  await details.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("email-error")).toHaveText("Enter a valid email address.");
  await expect(details.getByLabel("Email")).toBeFocused();
  await expect(details.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await expect(details.getByLabel("Username")).toHaveValue(renamed);
  await expect(details.getByLabel("Email")).toHaveValue("not an email");

  const newEmail = `NEW-${account.email}`;
  await details.getByLabel("Email").fill(newEmail);
  await details.getByRole("button", { name: "Save changes" }).click();
  // A new address is unverified until its link is followed (account recovery and verification).
  await expect(page.getByTestId("profile-message")).toHaveText(
    `Your profile was saved. We sent a link to ${newEmail.toLowerCase()} to confirm it.`,
  );
  await expect(page.getByTestId("profile-username")).toHaveText(renamed);
  await expect(page.getByTestId("profile-email")).toHaveText(newEmail.toLowerCase());
  await expect(details.getByLabel("Email")).toHaveValue(newEmail.toLowerCase());
  await expect(banner.getByTestId("header-username")).toContainText(renamed);

  // Changing the password: the current one is checked, and this browser stays signed in.
  const passwordForm = page.getByRole("region", { name: "Change password" });
  const newPassword = `${account.password} but longer`;
  await passwordForm.getByLabel("Current password", { exact: true }).fill("not my password");
  await passwordForm.getByLabel("New password", { exact: true }).fill(newPassword);
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("currentPassword-error")).toHaveText("The password is not correct.");
  await expect(passwordForm.getByLabel("Current password", { exact: true })).toBeFocused();
  // What was typed stays (passwords too), for a correction rather than a retype; the message is said once, on the field.
  await expect(passwordForm.getByLabel("Current password", { exact: true })).toHaveValue("not my password");
  await expect(passwordForm.getByLabel("New password", { exact: true })).toHaveValue(newPassword);
  await expect(page.getByTestId("password-message")).toHaveCount(0);

  await passwordForm.getByLabel("Current password", { exact: true }).fill(account.password);
  await passwordForm.getByLabel("New password", { exact: true }).fill(newPassword);
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-message")).toContainText("Your password was changed.");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
  await expect(banner.getByTestId("header-username")).toContainText(renamed);

  await banner.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(banner.getByRole("link", { name: "Sign in" })).toBeVisible();

  // The old password no longer works; the new one does.
  await banner.getByRole("link", { name: "Sign in" }).click();
  await signInWithForm(page, renamed, account.password);
  await expect(page.getByTestId("signin-error")).toHaveText(/do not match an account/);
  await page.getByLabel("Password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(banner.getByTestId("header-username")).toContainText(renamed);
});

test("deleting the account asks for the password, then signs out and goes home", async ({ page }) => {
  const account = await newSignedInAccount(page, "quitter");
  await page.goto("/profile");
  const zone = page.getByRole("region", { name: "Delete account" });

  await zone.getByRole("button", { name: "Delete account…" }).click();
  const password = zone.getByLabel("Your password, to confirm");
  await expect(password).toBeFocused();
  await zone.getByRole("button", { name: "Cancel" }).click();
  await expect(zone.getByRole("button", { name: "Delete account…" })).toBeFocused();

  await zone.getByRole("button", { name: "Delete account…" }).click();
  await password.fill("not my password");
  await zone.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("password-error")).toHaveText("The password is not correct.");
  await expect(password).toBeFocused();

  await password.fill(account.password);
  await zone.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1$/);
  await expect(page.getByTestId("account-deleted")).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("next-auth.session-token");

  await page.goto("/profile");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fprofile$/);
});
