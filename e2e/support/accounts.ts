/**
 * Accounts for the tests: each test makes its own, so tests never depend on each other's state. The
 * shortcuts here (API registration, sign-in without the form) are for tests about something else;
 * the sign-in and registration forms have their own tests.
 */
import { randomBytes } from "node:crypto";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";

export interface Account {
  username: string;
  email: string;
  password: string;
}

export function newAccount(prefix: string): Account {
  const id = `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const username = `${prefix}-${id}`;
  return { username, email: `${username}@example.com`, password: `correct horse ${id}` };
}

export function adminAccount(): Account {
  return {
    username: process.env.KEEL_E2E_ADMIN_USERNAME!,
    email: process.env.KEEL_E2E_ADMIN_EMAIL!,
    password: process.env.KEEL_E2E_ADMIN_PASSWORD!,
  };
}

export async function registerThroughApi(request: APIRequestContext, account: Account): Promise<number> {
  const response = await request.post("/api/v1/auth/register", { data: account });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).user.id;
}

/** Signs the browser context of `request` in, the way the sign-in form does (NextAuth credentials). */
export async function signInThroughApi(request: APIRequestContext, account: Pick<Account, "username" | "password">) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, login: account.username, password: account.password, json: "true" },
  });
  expect(response.ok(), await response.text()).toBe(true);
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.name).toBe(account.username);
}

export async function newSignedInAccount(page: Page, prefix: string): Promise<Account & { id: number }> {
  const account = newAccount(prefix);
  const id = await registerThroughApi(page.request, account);
  await signInThroughApi(page.request, account);
  return { ...account, id };
}

/** Places orders through the API with the browser's session cookie (and its Origin, as a browser would). */
export async function placeOrdersThroughApi(page: Page, count: number, order: object = { weightKg: 1, destination: "FR" }) {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  for (let index = 0; index < count; index++) {
    const response = await page.request.post("/api/v1/orders", { data: order, headers: { origin } });
    expect(response.status(), await response.text()).toBe(201);
  }
}

/** Registers through the form, as a person would (where it leads is each test's business). */
export async function registerWithForm(page: Page, account: Account) {
  await page.goto("/register");
  await page.getByLabel("Username").fill(account.username);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signInWithForm(page: Page, login: string, password: string) {
  await page.getByLabel("Username or email").fill(login);
  await page.getByLabel("Password", { exact: true }).fill(password);
  // Exact: "Sign in with a passkey" is a button of the same form where the browser has WebAuthn.
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** An administrator (in a browser context of its own) marks every order of the page's customer paid. */
export async function payAllOrdersAsAdmin(page: Page, browser: Browser) {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const ids = ((await (await page.request.get("/api/v1/orders?limit=100")).json()).items as { id: number }[]).map((order) => order.id);
  const admin = await browser.newContext();
  try {
    await signInThroughApi(admin.request, adminAccount());
    for (const id of ids) {
      const response = await admin.request.post(`/api/v1/admin/orders/${id}/status`, { data: { status: "paid", reason: "Cash (test)" }, headers: { origin } });
      expect(response.status(), await response.text()).toBe(200);
    }
  } finally {
    await admin.close();
  }
}
