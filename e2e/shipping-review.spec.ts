/**
 * Issue 31, item 7: the shipping page could place an order for the wrong country. Choosing Germany
 * and then typing "Atlantis" kept Germany chosen (the quote still showed the EU price) and Enter
 * placed an order for Germany; with no earlier choice the "Destination is required" error was hidden
 * under the open list. Now the choice clears when the text stops matching it, Enter on an empty list
 * submits nothing, and an order is placed only after a review that states country, weight and price.
 */
import { newSignedInAccount } from "./support/accounts";
import { chooseDestination, destinationBox } from "./support/destination";
import { expect, test } from "./support/fixtures";

const orderCount = async (page: import("@playwright/test").Page) => (await (await page.request.get("/api/v1/orders")).json()).items.length;

test("text that stops matching the chosen country un-chooses it, and Enter on an empty list places nothing", async ({ page }) => {
  await newSignedInAccount(page, "atlantis");
  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("2.1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");

  const box = destinationBox(page);
  await box.fill("Atlantis");
  await expect(page.getByText("No country matches “Atlantis”.")).toBeVisible();
  // No price for a country that is not chosen.
  await expect(page.getByTestId("quote-total")).toHaveText("—");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/shipping$/);
  await expect(page.getByRole("region", { name: "Check your order" })).toHaveCount(0);
  expect(await orderCount(page)).toBe(0);

  // Leaving the field keeps what was typed, and the error is not under the list.
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page.getByTestId("destination-error")).toHaveText("Destination is required.");
  await expect(page.getByRole("listbox", { name: "Countries" })).toBeHidden();
  expect(await orderCount(page)).toBe(0);

  // A text that still finds the chosen country keeps it.
  await chooseDestination(page, "Germany");
  await box.fill("Germ");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
});

test("an order is placed only after a review that states the country, the weight and the price", async ({ page }) => {
  await newSignedInAccount(page, "reviewer");
  await page.goto("/shipping");
  await page.getByLabel("Weight (kg)").fill("2.1");
  await chooseDestination(page, "Germany");
  await expect(page.getByTestId("quote-total")).toHaveText("$6.30");
  await page.getByRole("button", { name: "Place order" }).click();

  const review = page.getByRole("region", { name: "Check your order" });
  await expect(review).toBeVisible();
  await expect(review.getByTestId("review-destination")).toHaveText("Germany (DE)");
  await expect(review.getByTestId("review-weight")).toHaveText("2.1 kg");
  await expect(review.getByTestId("review-total")).toHaveText("$6.30");
  expect(await orderCount(page)).toBe(0);

  // Changing anything takes the review away: what is confirmed is what was reviewed.
  await page.getByLabel("Weight (kg)").fill("3");
  await expect(review).toHaveCount(0);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(review.getByTestId("review-weight")).toHaveText("3 kg");
  await expect(review.getByTestId("review-total")).toHaveText("$9.00");
  await review.getByRole("button", { name: "Confirm and place order" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  await expect(page.getByTestId("order-weight")).toHaveText("3 kg");
  await expect(page.getByTestId("order-destination")).toHaveText("Germany (DE)");
  expect(await orderCount(page)).toBe(1);
});
