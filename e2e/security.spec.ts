/**
 * The profile's security page in a real browser: two-factor authentication set up from the page
 * (the key read off the page, the codes computed here as an authenticator app would), the sign-in's
 * second step, and ending another session from the list.
 */
import { Secret, TOTP } from "otpauth";
import { newAccount, newSignedInAccount, registerThroughApi, signInThroughApi, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";

/** The authenticator app's code for `secret`, `steps` 30-second steps from now. */
function codeFor(secret: string, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });
}

test("turning two-factor authentication on, then signing in with a code", async ({ page, console }) => {
  // The first step answers 401 to NextAuth's client (the password was right, a code is still due).
  console.allow(/401 \(Unauthorized\).*\/api\/auth\/callback\/credentials/);
  const account = await newSignedInAccount(page, "twofactor");
  await page.goto("/profile");
  await page.getByRole("link", { name: "Sessions, activity and two-factor authentication" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();

  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page).toHaveURL(/\/profile\/security\/two-factor$/);
  const secret = (await page.getByTestId("two-factor-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();

  // A wrong code first: refused, and it stays off.
  const wrong = codeFor(secret) === "000000" ? "000001" : "000000";
  await page.getByLabel("Code from the app").fill(wrong);
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(page.getByTestId("code-error")).toBeVisible();
  await expect(page.getByTestId("two-factor-message")).toHaveCount(0);

  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByRole("link", { name: "I have saved my recovery codes" }).click();
  await expect(page.getByTestId("two-factor-on")).toBeVisible();

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/signin?callbackUrl=%2Fprofile%2Fsecurity");
  await signInWithForm(page, account.username, account.password);
  await expect(page.getByTestId("two-factor-step")).toBeVisible();
  // The code of the enabling step was spent; the next step's is accepted (one step of tolerance).
  await page.getByLabel("Code").fill(codeFor(secret, 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/profile\/security$/);
  await expect(page.getByTestId("two-factor-on")).toBeVisible();
  await expect(page.getByTestId("activity-row").first()).toHaveAttribute("data-type", "sign_in");
});

test("ending another session from the list signs that browser out", async ({ page, browser }) => {
  const account = newAccount("sessions");
  await registerThroughApi(page.request, account);
  const other = await browser.newContext();
  try {
    await signInThroughApi(other.request, account);
    await signInThroughApi(page.request, account);
    await page.goto("/profile/security");
    const rows = page.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);

    await page.locator('[data-testid="session-row"][data-current="false"]').getByRole("button", { name: /End session/ }).click();
    await expect(rows).toHaveCount(1);
    await expect(page.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);
    expect((await other.request.get("/api/v1/profile")).status()).toBe(401);
    expect((await page.request.get("/api/v1/profile")).status()).toBe(200);
    await expect(page.locator('[data-testid="activity-row"][data-type="session_revoked"]')).toHaveCount(1);
  } finally {
    await other.close();
  }
});
