/**
 * The API reference (/docs/api): Scalar, served by the app, on the live OpenAPI document. It must
 * work with no network beyond the app itself, under the page's CSP, and be accessible.
 */
import { expect, test } from "./support/fixtures";
import { checkPage } from "./support/page-check";

test("the API reference renders every operation with the network cut off", async ({ page, baseURL }) => {
  // axe over every operation of the reference, at two widths, on a loaded 2-core machine.
  test.setTimeout(300_000);
  const origin = new URL(baseURL!).origin;
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    blocked.push(url);
    return route.abort("internetdisconnected");
  });

  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const reference = page.getByTestId("api-reference");
  // The guide at the top, rendered from the document's Markdown.
  await expect(reference.getByRole("heading", { name: "Getting started: the token flow" })).toBeVisible({ timeout: 30_000 });
  await expect(reference.getByText("curl -s $BASE/api/v1/auth/token").first()).toBeAttached();

  // Every operation of the live document is on the page.
  const document = await (await page.request.get("/api/v1/openapi.json")).json();
  const summaries = Object.values(document.paths as Record<string, Record<string, { summary: string }>>).flatMap((item) =>
    Object.values(item).map((operation) => operation.summary),
  );
  expect(summaries.length).toBeGreaterThan(20);
  // One read of the rendered text instead of a locator per summary: each locator walked the whole
  // reference again (0.3 s each, 22 s for 73 operations). An element's whole text, spaces collapsed,
  // as getByText(summary, { exact: true }) compares it.
  const texts = new Set(
    await reference.evaluate((root) =>
      [...root.querySelectorAll("*")].map((element) => (element.textContent ?? "").replace(/\s+/g, " ").trim()),
    ),
  );
  expect(summaries.filter((summary) => !texts.has(summary)), "operations missing from the reference").toEqual([]);

  // Examples and constraints from the document are shown.
  await expect(reference.getByText("correct horse battery staple").first()).toBeAttached();
  // Nothing tried to leave the app's origin (fonts, telemetry, the AI agent's registry).
  expect(blocked).toEqual([]);
  await checkPage(page, "api-reference");
});
