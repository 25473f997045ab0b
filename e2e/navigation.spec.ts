/**
 * Getting around: the phone header's menu (by keyboard), the way from registration to a first quote,
 * and the home page for a visitor and for a customer with orders.
 */
import { newAccount, newSignedInAccount, placeOrdersThroughApi, registerWithForm } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the header is one line, with a menu that works from the keyboard", async ({ page }) => {
    const account = await newSignedInAccount(page, "thumb");
    await page.goto("/profile");
    const banner = page.getByRole("banner");
    const menu = banner.getByRole("button", { name: "Menu" });
    // Brand and button on one line; the links are behind the button.
    expect((await banner.boundingBox())!.height).toBeLessThan(72);
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(banner.getByRole("link", { name: "Orders" })).toBeHidden();

    await banner.getByRole("link", { name: "Keel" }).focus();
    await page.keyboard.press("Tab");
    await expect(menu).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(banner.getByRole("link", { name: "Orders" })).toBeVisible();
    await expect(banner.getByTestId("header-username")).toContainText(account.username);
    // The open menu lies over the page: nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // Tab goes into the menu; Escape closes it and gives focus back to the button.
    await page.keyboard.press("Tab");
    await expect(banner.getByRole("link", { name: "Shipping" })).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();
    await expect(banner.getByRole("link", { name: "Shipping" })).toBeHidden();

    // Open again and follow a link: the next page starts with the menu closed.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(banner.getByRole("link", { name: "Orders" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/orders$/);
    await expect(page.getByRole("heading", { level: 1, name: "Your orders" })).toBeVisible();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // A click elsewhere on the page closes it too.
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await page.mouse.click(180, 720); // below the open menu, on the page
    await expect(menu).toHaveAttribute("aria-expanded", "false");
  });
});

test("wide screens show the links in a row, without the menu button", async ({ page }) => {
  await page.goto("/");
  const banner = page.getByRole("banner");
  await expect(banner.getByRole("button", { name: "Menu" })).toBeHidden();
  await expect(banner.getByRole("link", { name: "Rates" })).toBeVisible();
  await expect(banner.getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("registration leads to a welcome, and from there to the first quote", async ({ page }) => {
  const account = newAccount("newcomer");
  await registerWithForm(page, account);

  await expect(page).toHaveURL(/\/welcome$/);
  await expect(page).toHaveTitle("Welcome · Keel");
  await expect(page.getByRole("heading", { level: 1, name: `Welcome to Keel, ${account.username}` })).toBeVisible();
  // The rule as the rate table in force states it (seed: 10% for more than 50 orders).
  await expect(page.getByTestId("welcome-loyalty")).toContainText(/more than \d+ paid orders/);
  await page.getByRole("link", { name: "Get your first quote" }).click();
  await expect(page).toHaveURL(/\/shipping$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("the welcome page is for signed-in people", async ({ page }) => {
  await page.goto("/welcome");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fwelcome$/);
});

test("the home page tells a visitor what Keel does, the rates and the loyalty rule", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Keel");
  const rates = await (await page.request.get("/api/v1/shipping/rates")).json();
  const zone = rates.rates.zones[0];
  await expect(page.getByTestId(`home-rate-${zone.code}`)).toHaveText(`$${(zone.ratePerKgCents / 100).toFixed(2)}`);
  await expect(page.getByTestId("home-loyalty")).toContainText(
    `more than ${rates.rates.loyalty.minOrders} paid orders`,
  );
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect(page.getByTestId("home-start")).toHaveCount(0);

  const footer = page.getByRole("contentinfo");
  await expect(footer.getByRole("link", { name: "API reference" })).toHaveAttribute("href", "/docs/api");
  await expect(footer.getByRole("link", { name: "Shipping rates" })).toHaveAttribute("href", "/rates");
  await expect(footer.getByRole("link", { name: /Contact/ })).toHaveAttribute("href", "mailto:support@keel.test");
});

test("the home page starts a signed-in customer at their latest orders and a quote", async ({ page }) => {
  const account = await newSignedInAccount(page, "regular");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: `Welcome back, ${account.username}` })).toBeVisible();
  await expect(page.getByTestId("home-no-orders")).toBeVisible();

  await placeOrdersThroughApi(page, 4);
  const newest = ((await (await page.request.get("/api/v1/orders?limit=1")).json()).items as { id: number }[])[0]!.id;
  await page.reload();
  const orders = page.getByTestId("home-order");
  await expect(orders).toHaveCount(3);
  await expect(orders.first()).toContainText(`Order #${newest}`);
  await orders.first().click();
  await expect(page).toHaveURL(new RegExp(`/orders/${newest}$`));
  await page.goBack();
  await page.getByTestId("home-start").getByRole("link", { name: "Get a quote" }).click();
  await expect(page).toHaveURL(/\/shipping$/);
});
