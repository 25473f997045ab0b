import { expect, type Page } from "@playwright/test";

/** Chooses a destination on /shipping the way a person does: types its name and picks the option. */
export async function chooseDestination(page: Page, country: string) {
  // The combobox replaces the native select once the page is hydrated; waiting for its role waits for that.
  const box = page.getByRole("combobox", { name: "Destination" });
  await box.fill(country);
  await page.getByRole("option", { name: new RegExp(`^${country} [A-Z]{2}$`) }).click();
  await expect(box).toHaveValue(country);
}
