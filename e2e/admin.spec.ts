import { adminAccount, newSignedInAccount, signInWithForm } from "./support/accounts";
import { expect, test, watchConsole } from "./support/fixtures";

test("an administrator finds, promotes and deletes a user, whose open session then ends", async ({ page, browser }) => {
  // The user to be deleted is signed in, in a browser of their own.
  const victimContext = await browser.newContext();
  const victimPage = await victimContext.newPage();
  const victimConsole = watchConsole(victimPage);
  try {
    const victim = await newSignedInAccount(victimPage, "victim");
    await victimPage.goto("/profile");
    await expect(victimPage.getByTestId("header-username")).toContainText(victim.username);

    const admin = adminAccount();
    await page.goto("/signin");
    await signInWithForm(page, admin.username, admin.password);
    await expect(page.getByTestId("header-username")).toContainText(admin.username);
    await page.getByRole("banner").getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

    await page.getByLabel("Search users").fill(victim.username);
    await expect(page).toHaveURL(new RegExp(`\\?q=${victim.username}$`));
    const rows = page.getByTestId("user-row");
    await expect(rows).toHaveCount(1);
    const row = rows.first();
    await expect(row).toContainText(victim.email);
    await expect(row.getByTestId("user-role")).toHaveText("Customer");

    await row.getByRole("button", { name: `Make admin ${victim.username}` }).click();
    await expect(row.getByTestId("user-role")).toHaveText("Administrator");
    await expect(page.getByTestId("admin-notice")).toHaveText(`${victim.username} is now an administrator.`);
    await row.getByRole("button", { name: `Make customer ${victim.username}` }).click();
    await expect(page.getByTestId("admin-notice")).toHaveText(`${victim.username} is now a customer.`);
    await expect(row.getByTestId("user-role")).toHaveText("Customer");

    await row.getByRole("button", { name: `Delete… ${victim.username}` }).click();
    await expect(row.getByRole("button", { name: "Cancel" })).toBeFocused();
    await row.getByRole("button", { name: `Delete ${victim.username}` }).click();
    await expect(rows).toHaveCount(0);
    await expect(page.getByTestId("admin-notice")).toHaveText(`${victim.username} was deleted, with their orders.`);
    await expect(page.getByTestId("admin-notice")).toBeFocused();
    await expect(page.getByTestId("users-empty")).toBeVisible();

    // The deleted user's next navigation finds the session gone and asks them to sign in.
    await victimPage.getByRole("banner").getByRole("link", { name: "Orders" }).click();
    await expect(victimPage).toHaveURL(/\/signin\?callbackUrl=%2Forders$/);
    await expect(victimPage.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(victimPage.getByTestId("header-username")).toHaveCount(0);
    expect(victimConsole.unexpected()).toEqual([]);
  } finally {
    await victimContext.close();
  }
});

test("demoting the last administrator is refused and the list shows the role as it was", async ({ page, console }) => {
  console.allow(/status of 409 \(Conflict\).*\/api\/v1\/admin\/users\/\d+/);
  const admin = adminAccount();
  await page.goto("/signin?callbackUrl=%2Fadmin%2Fusers");
  await signInWithForm(page, admin.username, admin.password);
  await expect(page).toHaveURL(/\/admin\/users$/);

  await page.getByLabel("Search users").fill(admin.username);
  const row = page.locator(`[data-testid=user-row][data-username="${admin.username}"]`);
  await expect(row).toContainText("(you)");
  // Demoting yourself is confirmed first (e2e/admin-polish.spec.ts); the server still refuses it here.
  await row.getByRole("button", { name: `Make customer… ${admin.username}` }).click();
  await row.getByRole("button", { name: "Make me a customer" }).click();
  await expect(page.getByTestId("admin-notice")).toHaveText(/role was not changed: This is the last administrator/);
  await expect(row.getByTestId("user-role")).toHaveText("Administrator");
});

test("a customer sees no Users link and cannot reach the admin page or API", async ({ page, console }) => {
  console.allow(/status of 404 \(Not Found\).*\/admin\/users\)$/);
  await newSignedInAccount(page, "curious");
  await page.goto("/profile");
  await expect(page.getByRole("banner").getByRole("link", { name: "Orders" })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("link", { name: "Users" })).toHaveCount(0);

  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  expect((await page.request.get("/api/v1/admin/users")).status()).toBe(403);
});
