import { expect, test } from "./support/fixtures";

test("the home page says what Keel is and leads to sign-in and registration", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Keel");
  await expect(page.getByRole("heading", { level: 1, name: "Keel" })).toBeVisible();
  const main = page.getByRole("main");

  await main.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByRole("heading", { level: 1, name: "Create an account" })).toBeVisible();

  await page.goBack();
  await main.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test("the health endpoint is reachable from the browser's origin", async ({ request }) => {
  const response = await request.get("/api/v1/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
});
