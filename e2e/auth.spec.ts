import { newAccount, registerThroughApi, signInThroughApi, signInWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("a protected page sends you to sign in, and back to it afterwards", async ({ page }) => {
  const account = newAccount("returner");
  await registerThroughApi(page.request, account);

  await page.goto("/orders");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Forders$/);
  await signInWithForm(page, account.email, account.password);

  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
  await expect(page.getByTestId("header-username")).toContainText(account.username);
});

test("signing in works with the keyboard alone, and a failed attempt puts focus on the message", async ({ page, console }) => {
  console.allow(/401 \(Unauthorized\).*\/api\/auth\/callback\/credentials/);
  const account = newAccount("keyboard");
  await registerThroughApi(page.request, account);
  await page.goto("/signin");

  // The first stop is the skip link; it jumps past the header to the page.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  const login = page.getByLabel("Username or email");
  for (let presses = 0; presses < 10 && !(await login.evaluate((el) => el === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(login).toBeFocused();

  await page.keyboard.type(account.username);
  await page.keyboard.press("Tab");
  await page.keyboard.type("not the password");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("signin-error")).toHaveText(/do not match an account/);
  await expect(page.getByTestId("signin-error")).toBeFocused();

  await page.keyboard.press("Tab");
  await expect(login).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password", { exact: true })).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(account.password);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("header-username")).toContainText(account.username);
});

test("signing out ends the session on the server: a copy of the cookie stops working", async ({ page, browser }) => {
  const account = newAccount("leaver");
  await registerThroughApi(page.request, account);
  await signInThroughApi(page.request, account);
  await page.goto("/profile");
  const stolen = await page.context().storageState();

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  const other = await browser.newContext({ storageState: stolen });
  try {
    const copy = await other.newPage();
    await copy.goto("/profile");
    await expect(copy).toHaveURL(/\/signin\?callbackUrl=%2Fprofile$/);
  } finally {
    await other.close();
  }
});
