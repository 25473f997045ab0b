import { newSignedInAccount, payAllOrdersAsAdmin, placeOrdersThroughApi } from "./support/accounts";
import { chooseDestination } from "./support/destination";
import { expect, test } from "./support/fixtures";

test("quote as you type, place the order, find it in the list and open it", async ({ page, console }) => {
  console.allow(/status of 400 \(Bad Request\).*\/api\/v1\/shipping\/quote/);
  await newSignedInAccount(page, "shipper");
  // Visit the (empty) list first, so the client already holds it when the new order is placed.
  await page.goto("/orders");
  await expect(page.getByTestId("orders-empty")).toBeVisible();
  await page.getByRole("banner").getByRole("link", { name: "Shipping" }).click();
  const quote = page.getByTestId("quote");
  const weight = page.getByLabel("Weight (kg)");

  await expect(page.getByTestId("quote-total")).toHaveText("—");
  await weight.fill("2.1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-region")).toHaveText("European Union (EU)");
  await expect(page.getByTestId("quote-rate")).toHaveText("$3.00 per kg");
  await expect(page.getByTestId("quote-subtotal")).toHaveText("$6.30");
  await expect(page.getByTestId("quote-discount")).toHaveText("None");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
  const box = await quote.boundingBox();

  // Typing on updates the quote; the API's own messages show next to the field.
  await weight.fill("1000.5");
  await expect(page.getByTestId("weightKg-error")).toHaveText("Weight can be at most 1000 kg.");
  await expect(weight).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("quote-total")).toHaveText("—");
  await weight.fill("10");
  await chooseDestination(page, "United States");
  await expect(page.getByTestId("quote-total")).toHaveText("$25.00");
  await expect(page.getByTestId("weightKg-error")).toHaveCount(0);
  expect(await quote.boundingBox(), "the quote keeps its size as it changes").toEqual(box);

  await weight.fill("2,1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
  const reference = `e2e-${Date.now()}`;
  await page.getByLabel("Your reference (optional)").fill(reference);
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("button", { name: "Confirm and place order" }).click();

  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  const orderUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("order-placed")).toBeVisible();
  await expect(page.getByTestId("order-total")).toHaveText("$6.30");
  await expect(page.getByTestId("order-destination")).toHaveText("Germany (DE)");
  await expect(page.getByTestId("order-weight")).toHaveText("2.1 kg");
  await expect(page.getByTestId("order-reference")).toHaveText(reference);

  // The same reference again is a retry, not a second order.
  await page.getByRole("banner").getByRole("link", { name: "Shipping" }).click();
  await page.getByLabel("Weight (kg)").fill("2.1");
  await chooseDestination(page, "Germany");
  await page.getByLabel("Your reference (optional)").fill(reference);
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("button", { name: "Confirm and place order" }).click();
  await expect(page).toHaveURL(new RegExp(`${orderUrl}\\?placed=before$`));
  await expect(page.getByTestId("order-placed")).toContainText("You placed this order before");

  await page.getByRole("banner").getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  const rows = page.getByTestId("order-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reference);
  await expect(rows.first()).toContainText("$6.30");
  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`${orderUrl}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Order #\d+$/);
});

test("a wrong order form keeps what was typed and points at the field", async ({ page }) => {
  await newSignedInAccount(page, "sloppy");
  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("3");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("destination-error")).toHaveText("Destination is required.");
  await expect(page.getByRole("combobox", { name: "Destination" })).toBeFocused();
  await expect(page.getByLabel("Weight (kg)")).toHaveValue("3");
});

test("another user's order is not found", async ({ page, browser }) => {
  await newSignedInAccount(page, "owner");
  await placeOrdersThroughApi(page, 1);
  const { items } = await (await page.request.get("/api/v1/orders")).json();
  const theirs = `/orders/${items[0].id}`;

  const context = await browser.newContext();
  try {
    const other = await context.newPage();
    await newSignedInAccount(other, "snoop");
    const response = await other.goto(theirs);
    expect(response?.status()).toBe(404);
    await expect(other.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("a loyal customer sees the discount and pages through every order", async ({ page, browser }) => {
  await newSignedInAccount(page, "loyal");
  await placeOrdersThroughApi(page, 51);
  // Only paid orders count toward the discount (issue 16): an administrator marks them paid.
  await payAllOrdersAsAdmin(page, browser);

  await page.goto("/orders");
  const rows = page.getByTestId("order-row");
  await expect(rows).toHaveCount(10);
  const more = page.getByRole("button", { name: "Load more orders" });
  for (let loaded = 10; loaded < 51; loaded += 10) {
    await more.click();
    await expect(rows).toHaveCount(Math.min(loaded + 10, 51));
    // Focus moves on to the first order that was just loaded.
    await expect(rows.nth(loaded)).toBeFocused();
  }
  await expect(more).toHaveCount(0);
  await expect(page.getByTestId("orders-end")).toHaveText("All 51 orders are shown.");

  await page.getByRole("banner").getByRole("link", { name: "Shipping" }).click();
  await page.getByLabel("Weight (kg)").fill("2.1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-subtotal")).toHaveText("$6.30");
  await expect(page.getByTestId("quote-discount")).toHaveText("−$0.63");
  await expect(page.getByTestId("quote-total")).toHaveText("$5.67");
  await expect(page.getByTestId("quote-note")).toContainText("Loyalty discount");
});

test("anyone can get a quote; placing the order needs an account", async ({ page }) => {
  await page.goto("/shipping?weight=2.1&to=de");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
  await expect(page.getByRole("button", { name: "Place order" })).toHaveCount(0);
  const signIn = page.getByRole("main").getByRole("link", { name: "Sign in" });
  await expect(signIn).toHaveAttribute("href", `/signin?callbackUrl=${encodeURIComponent("/shipping?weight=2.1&to=DE")}`);
});

test("when the API fails, the quote and the list say so and let you try again", async ({ page, console }) => {
  console.allow(/status of 503 \(Service Unavailable\)/);
  await newSignedInAccount(page, "unlucky");
  await placeOrdersThroughApi(page, 11);
  const outage = { status: 503, json: { error: { code: "unavailable", message: "The service is temporarily unavailable. Try again shortly." } } };

  await page.goto("/orders");
  await page.route("**/api/v1/orders?*", (route) => route.fulfill(outage));
  await page.getByRole("button", { name: "Load more orders" }).click();
  await expect(page.getByTestId("orders-more-error")).toContainText("temporarily unavailable");
  await expect(page.getByTestId("order-row")).toHaveCount(10);
  await page.unroute("**/api/v1/orders?*");
  await page.getByRole("button", { name: "Load more orders" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(11);
  await expect(page.getByTestId("orders-more-error")).toHaveCount(0);

  await page.route("**/api/v1/shipping/quote", (route) => route.fulfill(outage));
  await page.goto("/shipping?weight=2.1&to=DE");
  await expect(page.getByTestId("quote-note")).toHaveText("The service is temporarily unavailable. Try again shortly.", { timeout: 15_000 });
  await expect(page.getByTestId("quote-total")).toHaveText("—");
});
