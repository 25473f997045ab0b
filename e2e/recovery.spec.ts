/**
 * Account recovery and verification in the browser, with the e-mails read from the real SMTP sink
 * the app sends to (e2e/server.mjs runs it beside the app).
 */
import { newAccount, registerThroughApi, registerWithForm, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { linkIn, waitForMail } from "./support/mail";

test("forgot password: ask for a link, follow it from the e-mail, set a new password, sign in with it", async ({ page, console }) => {
  // The old password's refused sign-in below.
  console.allow(/401 \(Unauthorized\).*\/api\/auth\/callback\/credentials/);
  const account = newAccount("forgot");
  await registerThroughApi(page.request, account);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByTestId("forgot-password-message")).toContainText(`If an account has the address ${account.email}`);

  const mail = await waitForMail(account.email, /^Reset your Keel password$/);
  await page.goto(linkIn(mail, "reset-password"));
  await expect(page.getByRole("heading", { level: 1, name: "Choose a new password" })).toBeVisible();
  // Registration's rules apply.
  await page.getByLabel("New password", { exact: true }).fill(account.username);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("newPassword-error")).toContainText("must not be your username or email");

  const newPassword = `${account.password} renewed`;
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/signin\?reset=1$/);
  await expect(page.getByTestId("signin-reset")).toBeVisible();

  // The old password no longer works; the new one does.
  await signInWithForm(page, account.username, account.password);
  await expect(page.getByTestId("signin-error")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("profile-username")).toHaveText(account.username);

  // The link was spent.
  await page.goto(linkIn(mail, "reset-password"));
  await page.getByLabel("New password", { exact: true }).fill(`${newPassword} again`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("reset-password-message")).toContainText("invalid or has expired");
});

test("register, confirm the address from the welcome e-mail, and the profile shows it verified", async ({ page }) => {
  const account = newAccount("verify");
  await registerWithForm(page, account);
  await expect(page).toHaveURL(/\/welcome$/);
  await page.goto("/profile");
  await expect(page.getByTestId("profile-email-verified")).toHaveText("Not yet");
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByTestId("verification-message")).toContainText(`A new link is on its way to ${account.email}`);

  const welcome = await waitForMail(account.email, /^Welcome to Keel$/);
  // Opening the link verifies nothing by itself (mail scanners open links too): it asks for a press.
  await page.goto(linkIn(welcome, "verify-email"));
  await page.goto("/profile");
  await expect(page.getByTestId("profile-email-verified")).toHaveText("Not yet");

  await page.goto(linkIn(welcome, "verify-email"));
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByTestId("verify-email-message")).toContainText(`${account.email} is verified`);
  await page.getByRole("link", { name: "Go to your profile" }).click();
  await expect(page.getByTestId("profile-email-verified")).toHaveText("Yes");
  await expect(page.getByRole("button", { name: "Send a new link" })).toHaveCount(0);
});
