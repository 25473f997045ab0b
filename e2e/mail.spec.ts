import { adminAccount, newAccount, registerWithForm, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { mailTo } from "./support/mail";

test("registering sends a welcome e-mail whose link confirms the address", async ({ page }) => {
  const account = newAccount("welcomed");
  await registerWithForm(page, account);
  await expect(page).toHaveURL(/\/welcome$/);

  const [mail] = await mailTo(account.email);
  expect(mail!.subject).toBe("Welcome to Keel");
  expect(mail!.from).toContain("no-reply@keel.test");
  expect(mail!.text).toContain(account.username);

  // Read it as a mail client shows it, and follow its link (signed out, as on another device).
  await page.context().clearCookies();
  await page.setContent(mail!.html);
  await expect(page.getByText(`Hello ${account.username},`)).toBeVisible();
  await expect(page.getByText(/This message was sent by Keel/)).toBeVisible();
  await expect(page.getByText(new RegExp(`sign in at .*/signin`))).toBeVisible();
  // The welcome carries the address's verification link (one e-mail, not two).
  await page.getByRole("link", { name: "Confirm your e-mail address" }).click();
  await expect(page).toHaveURL(/\/verify-email\?token=[A-Za-z0-9_-]{32,}$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("an administrator sees the job queue", async ({ page }) => {
  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expect(page.getByTestId("job-counts")).toContainText("send-email");
  // Every registration of this run went through; nothing failed.
  await expect(page.getByTestId("no-failures")).toBeVisible();
  expect(Number(await page.getByTestId("count-send-email-completed").textContent())).toBeGreaterThanOrEqual(1);
});
