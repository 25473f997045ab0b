import type { Page } from "@playwright/test";
import { newSignedInAccount, placeOrdersThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";

// Completing an order's shipment details happens on a phone as well: every step at 390 px.
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSideways(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "nothing is wider than the phone's screen").toBeLessThanOrEqual(0);
}

test("an old client's order: the pay page says what is missing, the details are added on the order page, then the test card pays it", async ({ page }) => {
  await newSignedInAccount(page, "completer");
  // Placed as the first clients place orders: a weight and a country, no recipient, no sender.
  await placeOrdersThroughApi(page, 1, { weightKg: 2.1, destination: "DE" });
  const orders = (await (await page.request.get("/api/v1/orders?limit=1")).json()).items as { id: number }[];
  const orderId = orders[0]!.id;

  await page.goto(`/orders/${orderId}`);
  await page.getByTestId("pay-link").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}/pay$`));
  await expect(page.getByTestId("payment-missing")).toContainText("it needs the recipient's address and the sender's address");
  await expect(page.getByTestId("test-card-form")).toHaveCount(0);
  await expectNoSideways(page);

  await page.getByTestId("complete-shipment-link").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}#edit-shipment$`));
  const form = page.getByTestId("edit-shipment-form");
  await expect(form).toBeVisible();
  await expect(page.getByTestId("edit-shipment-destination")).toContainText("Germany (DE)");
  const recipient = form.getByRole("group", { name: "Recipient" });
  const sender = form.getByRole("group", { name: "Sender" });
  await recipient.getByLabel("Recipient's name").fill("Erika Mustermann");
  await recipient.getByLabel("Street address").fill("Heidestraße 17");
  await recipient.getByLabel("City").fill("Köln");
  await recipient.getByLabel("Postal code").fill("5114");
  // A new customer has no address book yet: the sender is typed here.
  await sender.getByLabel("Send from").selectOption({ label: "Enter a sender address" });
  await sender.getByLabel("Sender's name").fill("Ada Lovelace");
  await sender.getByLabel("Street address").fill("1 Market St");
  await sender.getByLabel("City").fill("San Francisco");
  await sender.getByLabel("State, province or region (optional)").fill("CA");
  await sender.getByLabel("Postal code").fill("94105");
  await sender.getByLabel("Sender's country").selectOption({ label: "United States" });
  // From the US to Germany leaves the sender's zone: customs asks what is inside.
  await expect(form.getByTestId("customs")).toBeVisible();
  await form.getByLabel("What is inside").fill("2 cotton T-shirts");
  await form.getByLabel("Declared value (USD)").fill("25");
  await form.getByRole("button", { name: "Save shipment details" }).click();

  // The error is named next to its field, and everything typed stays.
  await expect(page.getByTestId("recipient.postalCode-error")).toContainText("not a postal code");
  await expect(recipient.getByLabel("Recipient's name")).toHaveValue("Erika Mustermann");
  await expect(sender.getByLabel("Sender's name")).toHaveValue("Ada Lovelace");
  await expect(sender.getByLabel("Sender's country")).toHaveValue("US");
  await expect(form.getByLabel("What is inside")).toHaveValue("2 cotton T-shirts");
  await expectNoSideways(page);

  await recipient.getByLabel("Postal code").fill("51147");
  await form.getByRole("button", { name: "Save shipment details" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?updated=1$`));
  await expect(page.getByTestId("shipment-updated")).toHaveText("The shipment details were saved. The order can be paid now.");
  await expect(page.getByTestId("order-recipient")).toContainText("51147 Köln");
  await expect(page.getByTestId("order-sender")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("order-contents")).toContainText("2 cotton T-shirts");
  // The price was set when the order was placed; adding the addresses does not change it.
  await expect(page.getByTestId("order-total")).toHaveText("$6.30");
  await expectNoSideways(page);

  await page.getByTestId("pay-link").click();
  await expect(page.getByTestId("payment-missing")).toHaveCount(0);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay $6.30" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderId}\\?paid=1$`));
  await expect(page.getByTestId("order-status")).toHaveText("Paid");
  await expect(page.getByTestId("receipt-amount")).toHaveText("$6.30");
  await expect(page.getByTestId("receipt-card")).toHaveText("visa ending in 4242");
  // Paid: the details can no longer be edited.
  await expect(page.getByTestId("edit-shipment")).toHaveCount(0);
});

test("the sender comes from the address book, a recipient is chosen from it, and a wrong postal code is named next to its field", async ({ page }) => {
  await newSignedInAccount(page, "bookish");
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const saved = await page.request.post("/api/v1/profile/addresses", {
    data: { label: "Home", isDefaultSender: true, address: { name: "Grace Hopper", line1: "2 Main St", city: "Arlington", region: "VA", postalCode: "22201", country: "US" } },
    headers: { origin },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  await placeOrdersThroughApi(page, 1, { weightKg: 1, destination: "US" });
  const orders = (await (await page.request.get("/api/v1/orders?limit=1")).json()).items as { id: number }[];
  await page.goto(`/orders/${orders[0]!.id}`);

  const form = page.getByTestId("edit-shipment-form");
  const recipient = form.getByRole("group", { name: "Recipient" });
  // The default sender is chosen already; within the US no customs declaration is asked.
  await expect(form.getByLabel("Send from")).toHaveValue(/^\d+$/);
  await expect(form.getByTestId("customs")).toHaveCount(0);
  // Choosing the book's entry fills the recipient; a Canadian postal code for a US order is refused.
  await recipient.getByLabel("From your address book").selectOption({ label: "Home: Grace Hopper, Arlington" });
  await expect(recipient.getByLabel("Recipient's name")).toHaveValue("Grace Hopper");
  await recipient.getByLabel("Postal code").fill("K1A 0B1");
  await form.getByRole("button", { name: "Save shipment details" }).click();
  await expect(page.getByTestId("recipient.postalCode-error")).toBeVisible();
  await expect(recipient.getByLabel("Recipient's name")).toHaveValue("Grace Hopper");
  await recipient.getByLabel("Postal code").fill("22201");
  await form.getByRole("button", { name: "Save shipment details" }).click();
  await expect(page.getByTestId("shipment-updated")).toContainText("can be paid now");
  await expect(page.getByTestId("order-sender")).toContainText("Grace Hopper");
  await expectNoSideways(page);
});
