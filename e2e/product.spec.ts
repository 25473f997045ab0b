/**
 * Issue 17, the web app as a finished product: one message per field, and a focus ring that
 * cannot be mistaken for an error border. (The API reference: api-reference.spec.ts.)
 */
import { newSignedInAccount, placeOrdersThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";

test("a field shows one message at a time, and focus on a field in error is blue, not red", async ({ page }) => {
  await page.goto("/register");
  // "!" breaks two rules (length and characters): the first, most basic one is shown alone.
  await page.getByLabel("Username").fill("!");
  await page.getByRole("button", { name: "Create account" }).click();
  const error = page.getByTestId("username-error");
  await expect(error).toHaveText("Use at least 3 characters.");

  const username = page.getByLabel("Username");
  await expect(username).toHaveAttribute("aria-invalid", "true");
  await username.focus();
  await page.keyboard.press("End"); // keyboard focus: :focus-visible applies
  const look = await username.evaluate((element) => {
    const style = getComputedStyle(element);
    return { outline: style.outlineColor, outlineStyle: style.outlineStyle, border: style.borderTopColor };
  });
  expect(look.outlineStyle).toBe("solid");
  expect(look.outline).toBe("rgb(29, 78, 216)"); // the accent blue
  expect(look.border).toBe("rgb(185, 28, 28)"); // the error red, still there beside it
});

test.describe("in Tokyo, with British English", () => {
  test.use({ locale: "en-GB", timezoneId: "Asia/Tokyo" });

  test("times are shown in the reader's locale and time zone, and do not wrap", async ({ page }) => {
    await newSignedInAccount(page, "tokyo");
    await placeOrdersThroughApi(page, 1);
    await page.goto("/orders");
    await page.getByTestId("order-row").first().click();
    await expect(page.getByTestId("order-details")).toBeVisible();
    // The tab names the order shown.
    await expect(page).toHaveTitle(/^Order #\d+ · Keel$/);
    const time = page.getByTestId("order-details").locator("time").first();
    const iso = await time.getAttribute("datetime");
    const expected = await page.evaluate(
      (value) => new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value!)),
      iso,
    );
    await expect(time).toHaveText(expected);
    expect(expected).not.toContain("UTC");
    expect(await time.evaluate((element) => getComputedStyle(element).whiteSpace)).toBe("nowrap");
  });
});
