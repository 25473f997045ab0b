/**
 * Issue 31, item 8, the administrator's side: a status change takes an optional note that the order's
 * history shows to administrators and never to the customer; each error on an admin form is said
 * once, next to its field; the rates editor takes dollars and country codes (with their names), asks
 * to confirm what a publish changes, and a refused publish puts its error on screen with focus on it;
 * the jobs page fits a 390 px phone.
 */
import type { Browser } from "@playwright/test";
import { adminAccount, newSignedInAccount, placeOrdersThroughApi, signInThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";

const originOf = () => new URL(test.info().project.use.baseURL!).origin;

test("a status change's note is in the history for administrators only; a missing reason is said once, by its field", async ({ page, browser }) => {
  await newSignedInAccount(page, "noted");
  await placeOrdersThroughApi(page, 1);
  const orderId = ((await (await page.request.get("/api/v1/orders")).json()).items[0].id) as number;

  const context = await browser.newContext();
  const admin = await context.newPage();
  try {
    await signInThroughApi(admin.request, adminAccount());
    await admin.goto(`/orders/${orderId}`);
    const form = admin.getByTestId("status-form");
    await form.getByLabel("New status").selectOption("paid");
    await form.getByLabel("Note for administrators (optional)").fill("Paid at the counter; customer asked for a paper receipt.");
    await form.getByRole("button", { name: "Change status" }).click();
    await form.getByRole("button", { name: "Confirm change" }).click();

    // The reason was left out: said once, next to its field, which has focus; no banner repeats it.
    const reasonError = "Say how the order was paid (cash, invoice number).";
    await expect(form.getByTestId("reason-error")).toHaveText(reasonError);
    await expect(admin.getByText(reasonError)).toHaveCount(1);
    await expect(admin.getByTestId(`status-message-${orderId}`)).toHaveCount(0);
    await expect(form.getByLabel("How was it paid? (cash, invoice number)")).toBeFocused();
    await expect(admin.getByTestId("order-status")).toHaveText("Placed");

    await form.getByLabel("How was it paid? (cash, invoice number)").fill("Cash");
    await expect(form.getByLabel("Note for administrators (optional)")).toHaveValue("Paid at the counter; customer asked for a paper receipt.");
    await form.getByRole("button", { name: "Change status" }).click();
    await form.getByRole("button", { name: "Confirm change" }).click();
    await expect(admin.getByTestId("order-status")).toHaveText("Paid");
    await expect(admin.getByTestId("order-event-note")).toHaveText("Note: Paid at the counter; customer asked for a paper receipt.");

    // A refusal that belongs to no field is the form's message (another administrator got there first).
    const shipped = await context.request.post(`/api/v1/admin/orders/${orderId}/status`, { data: { status: "shipped" }, headers: { origin: originOf() } });
    expect(shipped.status()).toBe(200);
    await form.getByLabel("New status").selectOption("cancelled");
    await form.getByRole("button", { name: "Change status" }).click();
    await form.getByRole("button", { name: "Confirm change" }).click();
    await expect(admin.getByTestId(`status-message-${orderId}`)).toHaveText("An order that is shipped cannot become cancelled.");
    await expect(admin.getByTestId(`status-message-${orderId}`)).toBeFocused();
  } finally {
    await context.close();
  }

  // The customer's own page shows the history without the administrator's note.
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId("order-event")).toHaveCount(3);
  await expect(page.getByTestId("order-event-note")).toHaveCount(0);
  await expect(page.getByText("paper receipt")).toHaveCount(0);
});

/** The rate table in force, published again unchanged through the API (another administrator's publish). */
async function publishSameTable(browser: Browser): Promise<number> {
  const context = await browser.newContext();
  try {
    await signInThroughApi(context.request, adminAccount());
    const { rates } = await (await context.request.get("/api/v1/shipping/rates")).json();
    const { version: _version, createdAt: _createdAt, ...table } = rates;
    const published = await context.request.post("/api/v1/admin/shipping/rates", { data: table, headers: { origin: originOf() } });
    expect(published.status(), await published.text()).toBe(201);
    return (await published.json()).rates.version;
  } finally {
    await context.close();
  }
}

test("the rates editor: dollars, country names, errors once by their fields, a confirmation, and a refused publish in view", async ({ page, browser }) => {
  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/rates");
  const review = page.getByRole("button", { name: /^Review and publish as version \d+$/ });
  const version = Number((await review.textContent())!.replace(/\D+/g, "")) - 1;
  // The zones' codes are in the seed's order: US first.
  await expect(page.locator("#zone-0-code")).toHaveValue("US");
  await expect(page.locator("#zone-0-ratePerKg")).toHaveValue("2.50");
  await expect(page.getByTestId("zone-0-countries-names")).toHaveText("United States.");

  // A third decimal and unknown codes: each said once, next to its field, naming every unknown code.
  await page.locator("#zone-0-ratePerKg").fill("2.755");
  await page.locator("#zone-0-countries").fill("us, XX Atlantis");
  const rateError = "Use at most 2 decimals for the rate per kg (whole cents).";
  await expect(page.getByTestId("zone-0-ratePerKg-error")).toHaveText(rateError);
  await expect(page.getByTestId("zone-0-countries-error")).toHaveText(
    'These are not country codes we know: "XX", "Atlantis". Use ISO 3166-1 alpha-2 codes (DE for Germany), or *.',
  );
  await expect(page.getByText(rateError)).toHaveCount(1);
  await expect(page.getByTestId("zone-0-countries-names")).toHaveText("United States.");

  // Reviewing a draft with errors goes to the first one instead, on screen.
  await review.click();
  await expect(page.getByTestId("publish-confirmation")).toHaveCount(0);
  await expect(page.locator("#zone-0-countries")).toBeFocused();
  await expect(page.locator("#zone-0-countries")).toBeInViewport();

  await page.locator("#zone-0-countries").fill("US, PR");
  await expect(page.getByTestId("zone-0-countries-names")).toHaveText("United States, Puerto Rico.");
  await page.locator("#zone-0-ratePerKg").fill("2.75");
  await expect(page.getByTestId("zone-0-ratePerKg-error")).toHaveCount(0);
  await review.click();
  const confirmation = page.getByTestId("publish-confirmation");
  await expect(confirmation.getByRole("heading")).toHaveText(`Publish version ${version + 1} in place of version ${version}?`);
  await expect(confirmation.getByTestId("publish-changes")).toContainText("Zone US: rate per kg from $2.50 to $2.75.");
  await expect(confirmation.getByTestId("publish-changes")).toContainText("Zone US gains Puerto Rico.");
  await expect(confirmation).toBeInViewport();
  await confirmation.getByRole("button", { name: "Back to the draft" }).click();
  await expect(confirmation).toHaveCount(0);

  // Another administrator publishes meanwhile: this publish is refused, its message on screen with
  // focus, and nothing of the draft is in force.
  const theirs = await publishSameTable(browser);
  expect(theirs).toBe(version + 1);
  await review.click();
  await page.getByRole("button", { name: `Publish version ${version + 1}` }).click();
  const message = page.getByTestId("rates-message");
  await expect(message).toHaveText(`Version ${theirs} was published since you started this draft. Reload the page to see it, then make your changes again.`);
  await expect(message).toBeFocused();
  await expect(message).toBeInViewport();
  const { rates } = await (await page.request.get("/api/v1/shipping/rates")).json();
  expect(rates.version).toBe(theirs);
  expect(rates.zones.find((zone: { code: string }) => zone.code === "US")).toMatchObject({ countries: ["US"], ratePerKgCents: 250 });
});

test("the jobs page fits a 390 px screen: its wide table scrolls in its own box", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughApi(page.request, adminAccount());
  await page.goto("/admin/jobs");
  await expect(page.getByTestId("job-counts")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The table is wider than the phone; its box scrolls, not the page.
  const box = page.getByRole("region", { name: "Jobs by queue and state" });
  const { scrollWidth, clientWidth } = await box.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
  expect(clientWidth).toBeLessThanOrEqual(390);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
});
