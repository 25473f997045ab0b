/**
 * The profile's pages for other backends in a real browser: an API key made (shown once, copied),
 * used by a "server" (a plain HTTP client with the key) and revoked; a webhook added (its secret
 * shown once), its delivery log after an event, turned off and on, and its secret rotated. Both
 * pages pass the common checks (no layout shift, accessibility, a 360 px phone width).
 */
import { newSignedInAccount, placeOrdersThroughApi } from "./support/accounts";
import { expect, test } from "./support/fixtures";
import { checkPage } from "./support/page-check";

test("making an API key, using it from a server, revoking it", async ({ page, playwright, baseURL }) => {
  await newSignedInAccount(page, "apikey");
  await page.goto("/profile");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await checkPage(page, "api-keys");

  await page.getByLabel("Name").fill("Warehouse sync");
  await page.getByRole("button", { name: "Make key" }).click();
  const secret = await page.getByTestId("api-key-secret").inputValue();
  expect(secret).toMatch(/^keel_sk_[0-9A-Za-z]{55}$/);
  const row = page.getByTestId("api-key-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Warehouse sync");
  await expect(row).toContainText(secret.slice(0, 20));
  await expect(row).toContainText("orders:read, quotes");
  await expect(row).not.toContainText(secret.slice(20));
  // Shown once: a fresh visit of the page no longer has it.
  await page.reload();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);

  // A server of the user's (no cookies): the key alone.
  const server = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  expect((await server.get("/api/v1/orders")).status()).toBe(200);
  expect((await server.get("/api/v1/profile")).status()).toBe(403);

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Revoke Warehouse sync" }).click();
  await expect(page.getByTestId("api-keys-message")).toContainText("revoked");
  await expect(page.getByTestId("api-key-row")).toHaveCount(0);
  expect((await server.get("/api/v1/orders")).status()).toBe(401);
  await server.dispose();
});

test("adding a webhook, seeing its deliveries, turning it off and rotating its secret", async ({ page, console }) => {
  // The refused private address answers 400 to the page's own fetch.
  console.allow(/400 \(Bad Request\)/);
  await newSignedInAccount(page, "webhook");
  await page.goto("/profile/webhooks");
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
  await checkPage(page, "webhooks");

  // Production rules: a loopback address is refused, next to the field.
  await page.getByLabel("URL").fill("https://127.0.0.1/hooks");
  await page.getByRole("button", { name: "Add webhook" }).click();
  await expect(page.getByTestId("url-error")).toContainText("private");

  // A public address (this machine is offline, so deliveries to it fail: the log shows why).
  await page.getByLabel("URL").fill("https://93.184.216.34/keel-events");
  await page.getByRole("button", { name: "Add webhook" }).click();
  const secret = await page.getByTestId("webhook-secret").inputValue();
  expect(secret).toMatch(/^whsec_/);
  const row = page.getByTestId("webhook-row");
  await expect(row).toContainText("https://93.184.216.34/keel-events");
  await expect(row).toContainText("On");

  // An event: the customer cancels an order.
  const origin = new URL(page.url()).origin;
  await placeOrdersThroughApi(page, 1);
  const orders = await (await page.request.get("/api/v1/orders")).json();
  expect((await page.request.post(`/api/v1/orders/${orders.items[0].id}/cancel`, { headers: { origin } })).status()).toBe(200);

  await row.getByRole("link", { name: "Deliveries" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Deliveries" })).toBeVisible();
  const delivery = page.getByTestId("delivery-row");
  await expect(delivery).toHaveCount(1);
  await expect(delivery).toContainText("order.cancelled");
  await checkPage(page, "webhook-deliveries");
  // The first attempt fails (no public address is reachable from here; the next one is a minute
  // away), then a manual retry makes the second: the log lists both, each with why it failed.
  const showsAttempts = async (text: string) =>
    expect(async () => {
      await page.reload();
      await expect(delivery).toContainText(text, { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
  await showsAttempts("1 attempt ");
  await delivery.getByRole("button", { name: /Retry/ }).click();
  await expect(page.getByTestId("deliveries-message")).toContainText("Sent again");
  await showsAttempts("2 attempts");
  await delivery.getByTestId("attempt-log").locator("summary").click();
  const attempts = delivery.getByTestId("attempt-row");
  await expect(attempts).toHaveCount(2);
  for (const attempt of await attempts.all()) await expect(attempt).toContainText(/no answer · \d+ ms · \S/);
  await checkPage(page, "webhook-deliveries-attempts");

  await page.getByRole("link", { name: "← Webhooks" }).click();
  await page.getByTestId("webhook-row").getByRole("button", { name: "Turn off" }).click();
  await expect(page.getByTestId("webhook-row")).toContainText("Off");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("webhook-row").getByRole("button", { name: "Rotate secret" }).click();
  await expect(page.getByTestId("webhook-secret")).not.toHaveValue(secret);
  await expect(page.getByTestId("webhook-secret")).toHaveValue(/^whsec_/);
});
