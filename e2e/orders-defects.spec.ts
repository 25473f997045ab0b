/**
 * Issue 31, item 8 (customer-facing gaps): "Your orders" showed no status; cancelling took one click
 * with no confirmation; an administrator could not open an order (the list's "Order #2" was not a
 * link and /orders/2 was 404 for them), and a status change took one click with no confirmation.
 */
import { adminAccount, newSignedInAccount, placeOrdersThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("your orders show their status, and cancelling asks first", async ({ page }) => {
  await newSignedInAccount(page, "lister");
  await placeOrdersThroughApi(page, 1);
  await page.goto("/orders");
  await expect(page.getByTestId("order-row-status")).toHaveText("Placed");

  await page.getByTestId("order-row").click();
  await page.getByRole("button", { name: "Cancel order" }).click();
  await expect(page.getByTestId("cancel-confirm")).toHaveText(/^Cancel order #\d+\? This cannot be undone\.$/);
  await expect(page.getByRole("button", { name: "Yes, cancel it" })).toBeFocused();
  await page.getByRole("button", { name: "Keep the order" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Placed");
  await expect(page.getByRole("button", { name: "Cancel order" })).toBeFocused();

  await page.getByRole("button", { name: "Cancel order" }).click();
  await page.getByRole("button", { name: "Yes, cancel it" }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await page.goto("/orders");
  await expect(page.getByTestId("order-row-status")).toHaveText("Cancelled");
});

test("an administrator opens a customer's order from the list and changes its status after confirming", async ({ page, browser }) => {
  const customer = await newSignedInAccount(page, "customer");
  await placeOrdersThroughApi(page, 1);
  const { items } = await (await page.request.get("/api/v1/orders")).json();
  const orderId = items[0].id as number;

  const context = await browser.newContext();
  const admin = await context.newPage();
  try {
    await signInThroughApi(admin.request, adminAccount());
    await admin.goto(`/admin/orders?customer=${customer.username}`);
    await admin.getByRole("link", { name: `Order #${orderId}` }).click();
    await expect(admin).toHaveURL(new RegExp(`/orders/${orderId}$`));
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText(`Order #${orderId}`);
    await expect(admin.getByTestId("order-customer")).toHaveText(customer.username);
    // Not the customer's own cancel button: the administrator's status form.
    await expect(admin.getByRole("button", { name: "Cancel order" })).toHaveCount(0);

    await admin.getByLabel("New status").selectOption("paid");
    await admin.getByRole("button", { name: "Change status" }).click();
    await expect(admin.getByTestId(`status-confirm-${orderId}`)).toHaveText(`Mark order #${orderId} as paid? The customer is told.`);
    await admin.getByRole("button", { name: "Back" }).click();
    await expect(admin.getByTestId("order-status")).toHaveText("Placed");

    // A manual payment says how it was paid (third build-out: the reason is required).
    await admin.getByLabel("How was it paid? (cash, invoice number)").fill("Cash at the counter");
    await admin.getByRole("button", { name: "Change status" }).click();
    await admin.getByRole("button", { name: "Confirm change" }).click();
    await expect(admin.getByTestId("order-status")).toHaveText("Paid");
  } finally {
    await context.close();
  }
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
});
