import { adminAccount, newSignedInAccount, placeOrdersThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mail";
import { addressedOrder } from "../tests/support/addressed-order";

// A phone's screen: the pay page and the receipt must work there.
test.use({ viewport: { width: 390, height: 844 } });

async function openNewestOrder(page: import("@playwright/test").Page) {
  const orders = (await (await page.request.get("/api/v1/orders?limit=1")).json()).items as { id: number }[];
  await page.goto(`/orders/${orders[0]!.id}`);
  return orders[0]!.id;
}

test("a declined test card keeps the order placed; the test card pays it, with a receipt and the confirmation e-mail", async ({ page }) => {
  const customer = await newSignedInAccount(page, "payer");
  await placeOrdersThroughApi(page, 1, addressedOrder(2.1, "DE"));
  const orderId = await openNewestOrder(page);
  await expect(page.getByTestId("payment-status")).toHaveText("Not paid yet.");

  await page.getByTestId("pay-link").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}/pay$`));
  await expect(page.getByTestId("pay-amount")).toContainText("$6.30");

  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay $6.30" }).click();
  await expect(page.getByTestId("payment-message")).toHaveText("Your card was declined. Nothing was charged; try another card.");
  await waitForMail(customer.email, /did not go through/);
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-status")).toHaveText("Placed");
  await expect(page.getByTestId("payment-status")).toHaveText("Failed");

  await page.getByTestId("pay-link").click();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay $6.30" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?paid=1$`));
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("receipt-amount")).toHaveText("$6.30");
  await expect(page.getByTestId("receipt-card")).toHaveText("visa ending in 4242");
  await expect(page.getByTestId("receipt-date")).not.toBeEmpty();
  await expect(page.getByTestId("pay-link")).toHaveCount(0);

  const confirmation = await waitForMail(customer.email, new RegExp(`Order #${orderId} is paid`));
  expect(confirmation.text).toMatch(/Receipt: \$6\.30 paid on .* with visa card ending in 4242\./);

  // Paying again is not possible: the pay page sends the customer back to the order.
  await page.goto(`/orders/${orderId}/pay`);
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}$`));
});

test("an administrator cancels a paid order and the refund shows on it", async ({ page, browser }) => {
  await newSignedInAccount(page, "refunded");
  await placeOrdersThroughApi(page, 1, addressedOrder(1, "US"));
  const orderId = await openNewestOrder(page);
  await page.getByTestId("pay-link").click();
  await page.getByLabel("Card number").fill("4242424242424242");
  await page.getByRole("button", { name: /^Pay / }).click();
  await expect(page.getByTestId("order-status")).toHaveText("Paid");

  const admin = await browser.newContext();
  try {
    await signInThroughApi(admin.request, adminAccount());
    const origin = new URL(test.info().project.use.baseURL!).origin;
    const response = await admin.request.post(`/api/v1/admin/orders/${orderId}/status`, { data: { status: "cancelled" }, headers: { origin } });
    expect(response.status(), await response.text()).toBe(200);
  } finally {
    await admin.close();
  }
  await page.reload();
  await expect(page.getByTestId("order-status")).toHaveText("Cancelled");
  await expect(page.getByTestId("payment-status")).toHaveText("Refunded");
  await expect(page.getByTestId("receipt-refunded")).not.toBeEmpty();
});

test("the pay page allows Stripe's origins in its CSP, and no other page does", async ({ page }) => {
  await newSignedInAccount(page, "csp");
  await placeOrdersThroughApi(page, 1, addressedOrder(1, "FR"));
  const orderId = await openNewestOrder(page);
  const pay = await page.goto(`/orders/${orderId}/pay`);
  const payPolicy = pay!.headers()["content-security-policy"]!;
  expect(payPolicy).toContain("https://js.stripe.com");
  expect(payPolicy).toContain("frame-src https://js.stripe.com");
  const order = await page.goto(`/orders/${orderId}`);
  expect(order!.headers()["content-security-policy"]).not.toContain("stripe");
});
