/**
 * Browser tests against the production build (`next build` first) on a fresh embedded database.
 *
 * Playwright's own browser downloads are not reachable on every machine that runs this suite, so it
 * drives the system's Chromium (Debian: `apt-get install chromium`) when there is one, and falls
 * back to Playwright's bundled browser otherwise (a developer laptop after `npx playwright install`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const systemChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
const port = Number(process.env.KEEL_E2E_PORT || 3210);

// Workers load this file again; the data folder must be chosen once, by the main process.
process.env.KEEL_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "keel-e2e-"));

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the server close the embedded database; Playwright would SIGKILL otherwise.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "keel-e2e-tests-secret-0123456789abcdef0123",
      PASSWORD_PEPPER: "keel-e2e-tests-pepper-0123456789abcdef0123",
      KEEL_DATA_DIR: process.env.KEEL_E2E_DATA_DIR,
      DATABASE_URL: "",
    },
  },
});
