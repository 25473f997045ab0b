/**
 * The user administration's finishing: an administrator's own demotion is confirmed and ends their
 * admin pages, confirmations clear themselves without moving the list, the heading counts accounts
 * and administrators, the list filters by role, and each user leads to their orders.
 */
import type { APIRequestContext, Browser } from "@playwright/test";
import { adminAccount, newAccount, newSignedInAccount, placeOrdersThroughApi, registerThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const originOf = () => new URL(test.info().project.use.baseURL!).origin;

/** Runs `work` with the e2e administrator's API session, in a browser context of its own. */
async function asAdmin<T>(browser: Browser, work: (request: APIRequestContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    await signInThroughApi(context.request, adminAccount());
    return await work(context.request);
  } finally {
    await context.close();
  }
}

async function countsOf(text: string | null) {
  const match = /^(\d+) accounts?, (\d+) administrators?\.$/.exec(text ?? "");
  expect(match, `counts in "${text}"`).not.toBeNull();
  return { total: Number(match![1]), admins: Number(match![2]) };
}

test("an administrator demoting themself confirms first, then has no admin pages or links", async ({ page, browser, console }) => {
  console.allow(/status of 404 \(Not Found\).*\/admin\/users\)$/);
  // A second administrator, so the e2e administrator is never the one demoted (nor the last one).
  const second = newAccount("second-admin");
  const id = await asAdmin(browser, async (request) => {
    const userId = await registerThroughApi(request, second);
    const promoted = await request.patch(`/api/v1/admin/users/${userId}`, { data: { role: "ADMIN" }, headers: { origin: originOf() } });
    expect(promoted.status(), await promoted.text()).toBe(200);
    return userId;
  });
  try {
    await signInThroughApi(page.request, second);
    await page.goto(`/admin/users?q=${second.username}`);
    const row = page.locator(`[data-testid=user-row][data-username="${second.username}"]`);
    await expect(row).toContainText("(you)");

    // The first click only asks; Cancel (where focus lands) changes nothing and gives focus back.
    const demote = row.getByRole("button", { name: `Make customer… ${second.username}` });
    await demote.click();
    const confirm = row.getByRole("group", { name: "Confirm giving up your administrator role" });
    await expect(confirm).toContainText("You will lose access to these pages");
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(confirm).toHaveCount(0);
    await expect(demote).toBeFocused();
    await expect(row.getByTestId("user-role")).toHaveText("Administrator");

    await demote.click();
    await confirm.getByRole("button", { name: "Make me a customer" }).click();
    await expect(page).toHaveURL(/\/$/);
    const banner = page.getByRole("banner");
    await expect(banner.getByTestId("header-username")).toContainText(second.username);
    await expect(banner.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(banner.getByRole("link", { name: "All orders" })).toHaveCount(0);
    expect((await page.goto("/admin/users"))?.status()).toBe(404);
  } finally {
    // Whatever happened above, no extra administrator is left for the other tests.
    await asAdmin(browser, async (request) => {
      const removed = await request.delete(`/api/v1/admin/users/${id}`, { headers: { origin: originOf() } });
      expect(removed.status(), await removed.text()).toBe(204);
    });
  }
});

test("counts, the role filter, a confirmation that clears itself, and a user's orders", async ({ page, browser }) => {
  const customerContext = await browser.newContext();
  let customer: { username: string; id: number };
  try {
    const customerPage = await customerContext.newPage();
    customer = await newSignedInAccount(customerPage, "counted");
    await placeOrdersThroughApi(customerPage, 2);
  } finally {
    await customerContext.close();
  }

  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/users");
  await expect(page).toHaveTitle("Users · Admin · Keel");
  const counts = page.getByTestId("user-counts");
  const before = await countsOf(await counts.textContent());
  expect(before.admins).toBeGreaterThanOrEqual(1);

  await page.getByLabel("Search users").fill(customer.username);
  const row = page.locator(`[data-testid=user-row][data-username="${customer.username}"]`);
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  const list = page.getByTestId("user-list");
  const listTop = (await list.boundingBox())!.y;

  await row.getByRole("button", { name: `Make admin ${customer.username}` }).click();
  const notice = page.getByTestId("admin-notice");
  await expect(notice).toHaveText(`${customer.username} is now an administrator.`);
  await expect(counts).toHaveText(`${before.total} accounts, ${before.admins + 1} administrators.`);
  // Read out by screen readers: the message sits in a live region that was there before it.
  await expect(page.locator(".notice-area")).toHaveAttribute("aria-live", "polite");
  expect((await list.boundingBox())!.y).toBe(listTop);
  // It goes by itself after a few seconds, and the list below does not move.
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  expect((await list.boundingBox())!.y).toBe(listTop);

  // Administrators only: the new administrator is listed; as a customer, not.
  await page.getByLabel("Role").selectOption("ADMIN");
  await expect(page).toHaveURL(/role=ADMIN/);
  await expect(row.getByTestId("user-role")).toHaveText("Administrator");
  await row.getByRole("button", { name: `Make customer ${customer.username}` }).click();
  await expect(notice).toHaveText(`${customer.username} is now a customer.`);
  await expect(counts).toHaveText(`${before.total} accounts, ${before.admins} administrator${before.admins === 1 ? "" : "s"}.`);
  await page.reload();
  await expect(page.getByLabel("Role")).toHaveValue("ADMIN");
  await expect(page.getByTestId("users-empty")).toBeVisible();
  await page.getByLabel("Role").selectOption("USER");
  await expect(row.getByTestId("user-role")).toHaveText("Customer");
  await page.getByLabel("Role").selectOption("");
  await page.getByLabel("Search users").fill("");
  await expect(page.getByTestId("user-row").first()).toBeVisible();
  await page.getByLabel("Role").selectOption("ADMIN");
  await expect(page).toHaveURL(/\/admin\/users\?role=ADMIN$/);
  await expect(list).toHaveAttribute("aria-busy", "false");
  for (const role of await page.getByTestId("user-role").allTextContents()) expect(role).toBe("Administrator");

  // From the user to their orders, with whose they are in the heading.
  await page.getByLabel("Role").selectOption("");
  await page.getByLabel("Search users").fill(customer.username);
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?q=${customer.username}$`));
  await expect(page.getByTestId("user-row")).toHaveCount(1);
  await row.getByRole("link", { name: `Orders of ${customer.username}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders\\?userId=${customer.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Orders of ${customer.username}` })).toBeVisible();
  await expect(page).toHaveTitle("All orders · Admin · Keel");
  await expect(page.getByTestId("admin-order-row")).toHaveCount(2);
  await expect(page.getByLabel("Customer (username)")).toHaveValue(customer.username);
});

test("a link clicked while the user search is still settling is followed, not cancelled by the search's address update", async ({ page, browser }) => {
  const customerContext = await browser.newContext();
  let customer: { username: string; id: number };
  try {
    customer = await newSignedInAccount(await customerContext.newPage(), "hurried");
  } finally {
    await customerContext.close();
  }
  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/users");
  const row = page.locator(`[data-testid=user-row][data-username="${customer.username}"]`);
  await expect(row).toBeVisible();
  // The next page is slow to arrive, so the search's debounced address update (300 ms after the
  // last keystroke) lands while the navigation is still under way.
  await page.route(/\/admin\/orders\?userId=/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await route.continue();
  });
  await page.getByLabel("Search users").fill(customer.username);
  await row.getByRole("link", { name: `Orders of ${customer.username}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/orders\\?userId=${customer.id}$`), { timeout: 5_000 });
  await expect(page.getByRole("heading", { level: 1, name: `Orders of ${customer.username}` })).toBeVisible();
});
