/**
 * What a new user found walking through the web app (issue 10): the sign-out page for someone who is
 * not signed in, weights with a comma, a negative weight, and the quote panel after a failed submit.
 */
import { newSignedInAccount } from "./support/accounts";
import { chooseDestination } from "./support/destination";
import { expect, test } from "./support/fixtures";

test("the sign-out page sends someone who is not signed in home", async ({ page }) => {
  await page.goto("/signout");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("weights: a clear decimal comma is read, an ambiguous one is refused with the reason, and -1 must be more than 0", async ({ page, console }) => {
  console.allow(/status of 400 \(Bad Request\).*\/api\/v1\/shipping\/quote/);
  await page.goto("/shipping");
  const weight = page.getByLabel("Weight (kg)");
  await chooseDestination(page, "Germany");

  // "1,5" can only be one and a half.
  await weight.fill("1,5");
  await expect(page.getByTestId("quote-weight")).toHaveText("1.5 kg");
  await expect(page.getByTestId("quote-total")).toHaveText("$4.50");

  // "1,000" was priced as 1 kg: now it is refused; the field says why, the panel only points at it.
  await weight.fill("1,000");
  const reason = '"1,000" could mean 1 or 1000, so it is not guessed: write 1 or 1000. A comma counts as a decimal point only where it can be nothing else, as in 2,5.';
  await expect(page.getByTestId("weightKg-error")).toHaveText(reason);
  await expect(weight).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("quote-total")).toHaveText("—");
  await expect(page.getByTestId("quote-note")).toHaveText("Correct the weight above to see the price.");
  await expect(page.getByText(reason)).toHaveCount(1);

  await weight.fill("-1");
  await expect(page.getByTestId("weightKg-error")).toHaveText("Weight must be more than 0 kg.");

  await weight.fill("1000");
  await expect(page.getByTestId("quote-total")).toHaveText("$3,000.00");
  await expect(page.getByTestId("weightKg-error")).toHaveCount(0);
});

test("placing an order: the server refuses an ambiguous weight with the reason, and the panel says what is wrong", async ({ page, console }) => {
  console.allow(/status of 400 \(Bad Request\).*\/api\/v1\/shipping\/quote/);
  await newSignedInAccount(page, "walker");
  await page.goto("/shipping");
  const weight = page.getByLabel("Weight (kg)");
  const place = page.getByRole("button", { name: "Place order" });

  // A weight that does not parse, and no destination: the panel used to say "Enter a weight...".
  await weight.fill("heavy");
  await place.click();
  await expect(page.getByTestId("weightKg-error")).toHaveText("Weight must be a number in kilograms.");
  await expect(page.getByTestId("destination-error")).toHaveText("Destination is required.");
  await expect(page.getByTestId("quote-note")).toHaveText("Correct the weight above to see the price.");
  await expect(page.getByText("Weight must be a number in kilograms.")).toHaveCount(1);

  // Submitted straight away (before the live quote could object), "1,000" is refused by the server too.
  await chooseDestination(page, "Germany");
  await weight.fill("1,000");
  await place.click();
  await expect(page.getByTestId("weightKg-error")).toContainText('"1,000" could mean 1 or 1000');
  await expect(page).toHaveURL(/\/shipping$/);

  await weight.fill("1,5");
  await place.click();
  await page.getByRole("button", { name: "Confirm and place order" }).click();
  await expect(page).toHaveURL(/\/orders\/\d+\?placed=1$/);
  await expect(page.getByTestId("order-weight")).toHaveText("1.5 kg");
});
