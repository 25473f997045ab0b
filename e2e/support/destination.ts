import { expect, type Page } from "@playwright/test";

/**
 * The destination's text box. The combobox replaces the native select once the page is hydrated; a
 * select has the combobox role too, so the role alone does not wait for that: the element must be an
 * input (filling or typing into the select would fail, or type into nothing).
 */
export const destinationBox = (page: Page) => page.getByRole("combobox", { name: "Destination" }).and(page.locator("input"));

/** Chooses a destination on /shipping the way a person does: types its name and picks the option. */
export async function chooseDestination(page: Page, country: string) {
  const box = destinationBox(page);
  await box.fill(country);
  await page.getByRole("option", { name: new RegExp(`^${country} [A-Z]{2}$`) }).click();
  await expect(box).toHaveValue(country);
}
