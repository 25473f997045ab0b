/**
 * Issue 31, item 8, recovery codes in a real browser: once two-factor authentication is on, the key
 * and its QR code leave the screen and the recovery codes take their place, with a button that copies
 * them and a link that saves them as a .txt file; the security page makes new ones after the password
 * or a current code (the old ones stop working at once); a sign-in with a recovery code sends a notice.
 */
import fs from "node:fs";
import { Secret, TOTP } from "otpauth";
import { newSignedInAccount, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mail";

function codeFor(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
}

test("recovery codes are copied, downloaded and replaced; the key leaves the screen; using one sends a notice", async ({ page, context, console }) => {
  // The sign-in's first step answers 401 to NextAuth's client (the password was right, a code is still due).
  console.allow(/401 \(Unauthorized\).*\/api\/auth\/callback\/(credentials|two-factor)/);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const account = await newSignedInAccount(page, "recovery");
  await page.goto("/profile/security");
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page).toHaveURL(/\/profile\/security\/two-factor$/);
  const secret = (await page.getByTestId("two-factor-secret").textContent())!.trim();
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();

  // On: the codes are shown, the key and the QR code are not.
  const shown = page.getByTestId("recovery-codes");
  await expect(shown.getByRole("listitem")).toHaveCount(10);
  await expect(page.getByTestId("two-factor-secret")).toHaveCount(0);
  await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  const codes = (await shown.getByRole("listitem").allTextContents()).map((code) => code.trim());

  await shown.getByRole("button", { name: "Copy the codes" }).click();
  await expect(page.getByTestId("recovery-codes-copied")).toContainText("Copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join("\n"));

  const [download] = await Promise.all([page.waitForEvent("download"), shown.getByRole("link", { name: "Download as a text file" }).click()]);
  expect(download.suggestedFilename()).toBe("keel-recovery-codes.txt");
  const saved = fs.readFileSync((await download.path())!, "utf8");
  for (const code of codes) expect(saved).toContain(code);

  // New codes from the security page: a wrong password is said once, by its field, and changes nothing.
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByTestId("two-factor-on")).toContainText("You have 10 unused recovery codes.");
  const regenerate = page.getByTestId("regenerate-recovery-codes");
  await regenerate.getByLabel("Password", { exact: true }).fill("not the password at all");
  await regenerate.getByRole("button", { name: "Make new recovery codes" }).click();
  await expect(regenerate.getByTestId("password-error")).toHaveText("The password is not correct.");
  await expect(page.getByText("The password is not correct.")).toHaveCount(1);
  await expect(regenerate.getByLabel("Password", { exact: true })).toBeFocused();

  // The next step's code (the enabling one was spent) instead of the password.
  await regenerate.getByLabel("Password", { exact: true }).fill("");
  await regenerate.getByLabel("Or a code from your authenticator app").fill(codeFor(secret, 1));
  await regenerate.getByRole("button", { name: "Make new recovery codes" }).click();
  const fresh = regenerate.getByTestId("recovery-codes");
  await expect(fresh.getByRole("listitem")).toHaveCount(10);
  const newCodes = (await fresh.getByRole("listitem").allTextContents()).map((code) => code.trim());
  expect(newCodes.filter((code) => codes.includes(code))).toEqual([]);
  await expect(regenerate.getByRole("button", { name: "Copy the codes" })).toBeVisible();
  await expect(page.locator('[data-testid="activity-row"][data-type="recovery_codes_regenerated"]')).toHaveCount(1);
  await waitForMail(account.email, /^New recovery codes for your Keel account$/);

  // Signing in again: an old code is refused, a new one works and the account is told.
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/signin?callbackUrl=%2Fprofile%2Fsecurity");
  await signInWithForm(page, account.username, account.password);
  await expect(page.getByTestId("two-factor-step")).toBeVisible();
  await page.getByLabel("Code").fill(codes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("two-factor-step")).toBeVisible();
  await page.getByLabel("Code").fill(newCodes[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expect(page.getByTestId("two-factor-on")).toContainText("You have 9 unused recovery codes.");
  const notice = await waitForMail(account.email, /^A recovery code was used to sign in to your Keel account$/);
  expect(notice.text).toContain("You have 9 recovery codes left.");
});
