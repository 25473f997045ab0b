/**
 * Rates as data and the order lifecycle in a real browser: an administrator publishes new rates and
 * the public page and a quote show them; a customer's order is marked paid and shipped by an
 * administrator and the customer sees the timeline and tracking number; a customer cancels.
 *
 * The e2e server is shared by every spec, so the rates published here only add a zone for countries
 * no other spec ships to (Iceland, Greenland): every other price stays as the other specs expect.
 */
import { adminAccount, newAccount, newSignedInAccount, registerThroughApi, signInThroughApi } from "./support/accounts";
import { chooseDestination } from "./support/destination";
import { expect, test } from "./support/fixtures";

test("an administrator publishes new rates; the public rates page and a quote show them", async ({ page }) => {
  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/rates");
  const zones = page.getByTestId("draft-zone");
  const before = await zones.count();
  await page.getByRole("button", { name: "Add a zone" }).click();
  await expect(zones).toHaveCount(before + 1);
  const n = before; // the new zone's index
  await page.locator(`#zone-${n}-code`).fill("NORTH");
  await page.locator(`#zone-${n}-name`).fill("North Atlantic");
  await page.locator(`#zone-${n}-countries`).fill("IS GL US");
  // Amounts in dollars (issue 31, item 8); the server reads them into cents.
  await page.locator(`#zone-${n}-ratePerKg`).fill("5.55");
  await page.locator(`#zone-${n}-minimumCharge`).fill("2.50");
  // The draft is checked as it is typed, with the server's rules: the US is in another zone already.
  await expect(page.getByTestId(`zone-${n}-countries-error`)).toHaveText("US is already in zone US.");
  await expect(page.getByTestId("sample-price")).toHaveText("Correct the draft and the sample weight to see a price.");
  await page.locator(`#zone-${n}-countries`).fill("IS, GL");
  await expect(page.getByTestId(`zone-${n}-countries-error`)).toHaveCount(0);
  await expect(page.getByTestId(`zone-${n}-countries-names`)).toHaveText("Iceland, Greenland.");

  // What a sample parcel would cost under the draft, before saving.
  await page.getByLabel("Weight (kg)").fill("2");
  await page.getByLabel("Destination").selectOption("IS");
  await expect(page.getByTestId("sample-price")).toContainText("Zone NORTH: $11.10 ($5.55 per kg, minimum $2.50)");
  await page.getByLabel("Weight (kg)").fill("0.1");
  await expect(page.getByTestId("sample-price")).toContainText("Zone NORTH: $2.50");
  // Nothing is in force yet.
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const quoteBefore = await page.request.post("/api/v1/shipping/quote", { data: { weightKg: 2, destination: "IS" }, headers: { origin } });
  expect((await quoteBefore.json()).quote.region).toBe("INTL");

  // Publishing asks first, listing what changes from the version in force.
  const review = page.getByRole("button", { name: /^Review and publish as version \d+$/ });
  const version = Number((await review.textContent())!.replace(/\D+/g, ""));
  await review.click();
  await expect(page.getByTestId("publish-changes")).toHaveText("New zone NORTH (North Atlantic): $5.55 per kg, minimum $2.50, for Iceland, Greenland.");
  await page.getByRole("button", { name: `Publish version ${version}` }).click();
  await expect(page.getByTestId("rates-message")).toHaveText(`Version ${version} is in force.`);

  // The home page shows the table in force at once, and leads to the full rates page.
  await page.goto("/");
  await expect(page.getByTestId("home-rate-NORTH")).toHaveText("$5.55");
  await page.getByRole("main").getByRole("link", { name: "Which countries are in which zone" }).click();
  await expect(page).toHaveURL(/\/rates$/);
  await expect(page.getByTestId("rates-version")).toContainText(`version ${version}`);
  await expect(page.getByTestId("rate-NORTH")).toHaveText("$5.55");
  await expect(page.getByTestId("minimum-NORTH")).toHaveText("$2.50");
  await expect(page.getByTestId("rate-EU")).toHaveText("$3.00");
  await expect(page.getByTestId("rates-loyalty")).toContainText("more than 50 paid orders");

  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("2");
  await chooseDestination(page, "Iceland");
  await expect(page.getByTestId("quote-rate")).toHaveText("$5.55 per kg");
  await expect(page.getByTestId("quote-total")).toHaveText("$11.10");
});

test("a customer's order is marked paid and shipped by an administrator; the customer sees the timeline and tracking number", async ({ page, browser }) => {
  const customer = await newSignedInAccount(page, "buyer");
  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("2.1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("button", { name: "Confirm and place order" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  const orderId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByTestId("order-status")).toHaveText("Placed");
  await expect(page.getByTestId("order-event")).toHaveCount(1);
  await expect(page.getByTestId("order-tracking")).toHaveCount(0);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  try {
    await signInThroughApi(admin.request, adminAccount());
    await admin.goto("/admin/orders");
    await admin.getByLabel("Status", { exact: true }).selectOption("placed");
    await admin.getByLabel("Customer (username)").fill(customer.username);
    await admin.getByRole("button", { name: "Filter" }).click();
    const row = admin.locator(`[data-testid="admin-order-row"][data-order-id="${orderId}"]`);
    await expect(admin.getByTestId("admin-order-row")).toHaveCount(1);
    await expect(row.getByTestId("admin-order-status")).toHaveText("Placed");

    await row.getByLabel("New status").selectOption("paid");
    // A manual payment says how it was paid.
    await row.getByLabel("How was it paid? (cash, invoice number)").fill("Cash at the counter");
    await row.getByRole("button", { name: "Change status" }).click();
    await row.getByRole("button", { name: "Confirm change" }).click();
    // The filter said "placed": the paid order leaves the list.
    await expect(admin.getByTestId("admin-orders-empty")).toBeVisible();

    await admin.goto(`/admin/orders?customer=${customer.username}`);
    await expect(row.getByTestId("admin-order-status")).toHaveText("Paid");
    await row.getByLabel("New status").selectOption("shipped");
    // A carrier's number is optional (the paid order has Keel's own); a malformed one is refused next to the field.
    await row.getByLabel("Carrier's tracking number (optional)").fill("x".repeat(101));
    await row.getByRole("button", { name: "Change status" }).click();
    await row.getByRole("button", { name: "Confirm change" }).click();
    await expect(row.getByTestId("trackingNumber-error")).toHaveText("Use at most 100 characters.");
    await row.getByLabel("Carrier's tracking number (optional)").fill("1Z999AA10123456784");
    await row.getByRole("button", { name: "Change status" }).click();
    await row.getByRole("button", { name: "Confirm change" }).click();
    await expect(row.getByTestId("admin-order-status")).toHaveText("Shipped");
    await expect(row).toContainText("tracking 1Z999AA10123456784");
  } finally {
    await adminContext.close();
  }

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveText("Shipped");
  await expect(page.getByTestId("order-tracking")).toHaveText("1Z999AA10123456784");
  await expect(page.getByTestId("order-event")).toHaveCount(3);
  await expect(page.getByTestId("order-timeline")).toContainText("Placed");
  await expect(page.getByTestId("order-timeline")).toContainText("Paid");
  await expect(page.getByTestId("order-timeline")).toContainText("Shipped");
  // Paid orders cannot be cancelled by the customer.
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
});

test("a customer cancels a placed order", async ({ page }) => {
  const account = newAccount("canceller");
  await registerThroughApi(page.request, account);
  await signInThroughApi(page.request, account);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const placed = await page.request.post("/api/v1/orders", { data: { weightKg: 1, destination: "FR" }, headers: { origin } });
  const orderId = (await placed.json()).order.id as number;

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveText("Placed");
  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?cancelled=1$`));
  await expect(page.getByTestId("order-cancelled")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(page.getByTestId("order-event")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Cancel order" })).toHaveCount(0);
});
