import type { Page } from "@playwright/test";
import { newSignedInAccount } from "./support/accounts";
import { chooseDestination } from "./support/destination";
import { expect, test } from "./support/fixtures";

// The address book and the order form on a phone: every step of this walk happens at 390 px.
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSideways(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "nothing is wider than the phone's screen").toBeLessThanOrEqual(0);
}

test("add an address, quote with dimensions, place an addressed order", async ({ page, console }) => {
  console.allow(/status of 400 \(Bad Request\).*\/api\/v1\/shipping\/quote/);
  await newSignedInAccount(page, "sender");

  // The address book, from the profile.
  await page.goto("/profile");
  await page.getByRole("link", { name: "Your address book" }).click();
  await expect(page.getByTestId("addresses-empty")).toBeVisible();
  const form = page.getByTestId("address-form");
  await form.getByLabel("Label (optional)").fill("Warehouse");
  await form.getByLabel("Name", { exact: true }).fill("Ada Lovelace");
  await form.getByLabel("Street address").fill("1 Market St");
  await form.getByLabel("City").fill("San Francisco");
  await form.getByLabel("State, province or region (optional)").fill("CA");
  await form.getByLabel("Postal code").fill("9410");
  await form.getByLabel("Country").selectOption({ label: "United States" });
  await form.getByRole("button", { name: "Save address" }).click();
  // A wrong postal code is named, and what was typed stays.
  await expect(page.getByTestId("postalCode-error")).toContainText("not a postal code");
  await expect(form.getByLabel("Street address")).toHaveValue("1 Market St");
  await form.getByLabel("Postal code").fill("94105");
  await form.getByRole("button", { name: "Save address" }).click();
  await expect(page.getByTestId("addresses-notice")).toHaveText("The address was saved.");
  const item = page.getByTestId("address-item");
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId("default-sender")).toBeVisible();
  await expect(item.locator("address")).toContainText("San Francisco, CA 94105");
  await expectNoSideways(page);

  // A quote with dimensions: 40 x 30 x 20 cm / 5000 = 4.8 kg charged instead of 2.1 kg.
  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("2.1");
  await page.getByLabel("Length").fill("40");
  await page.getByLabel("Width").fill("30");
  await page.getByLabel("Height").fill("20");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-weight")).toHaveText("2.1 kg");
  await expect(page.getByTestId("quote-volumetric")).toHaveText("4.8 kg");
  await expect(page.getByTestId("quote-chargeable")).toHaveText("4.8 kg");
  await expect(page.getByTestId("quote-total")).toHaveText("$14.40");

  // The order: the recipient entered, the sender from the address book (the default), and the
  // contents asked for because the parcel leaves the sender's zone.
  await expect(page.getByLabel("Send from")).toHaveValue(/\d+/);
  await page.getByLabel("Recipient's name").fill("Erika Mustermann");
  await page.getByLabel("Street address").fill("Heidestraße 17");
  await page.getByLabel("City").fill("Köln");
  await page.getByLabel("Postal code").fill("5114");
  await expect(page.getByTestId("customs")).toBeVisible();
  await page.getByLabel("What is inside").fill("2 cotton T-shirts");
  await page.getByLabel("Declared value (USD)").fill("25");
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("recipient.postalCode-error")).toContainText("not a postal code");
  await expect(page.getByLabel("Recipient's name")).toHaveValue("Erika Mustermann");
  await expect(page.getByLabel("What is inside")).toHaveValue("2 cotton T-shirts");
  await expectNoSideways(page);
  await page.getByLabel("Postal code").fill("51147");
  await page.getByRole("button", { name: "Place order" }).click();
  // The review step (issue 31): the server's price for the parcel, then the confirmation.
  await expect(page.getByTestId("review-total")).toHaveText("$14.40");
  await page.getByRole("button", { name: "Confirm and place order" }).click();

  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  await expect(page.getByTestId("order-total")).toHaveText("$14.40");
  await expect(page.getByTestId("order-dimensions")).toHaveText("40 x 30 x 20 cm");
  await expect(page.getByTestId("order-chargeable-weight")).toHaveText("4.8 kg");
  // In the destination's format: the postal code before the city in Germany.
  await expect(page.getByTestId("order-recipient")).toContainText("51147 Köln");
  await expect(page.getByTestId("order-recipient")).toContainText("Germany");
  await expect(page.getByTestId("order-sender")).toContainText("Ada Lovelace");
  await expect(page.getByTestId("order-contents")).toContainText("2 cotton T-shirts");
  await expect(page.getByTestId("order-contents")).toContainText("$25.00");
  await expectNoSideways(page);
});
