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

// Debian's old headless shell (package chromium-headless-shell) first, the browser Playwright itself
// tests in by default: the same Blink and V8 without the full browser's UI layers. On 2 cores the
// suite took 480 s and 665 CPU-seconds in it against 617 s and 991 in the full browser, every test
// passing in both (docs/performance.md, "Eighth part"). It cannot show a window, so a headed run
// (PWDEBUG, or KEEL_E2E_BROWSER=chromium) takes the full browser.
const headed = !!process.env.PWDEBUG || process.env.KEEL_E2E_BROWSER === "chromium";
const systemChromium = [...(headed ? [] : ["/usr/bin/chromium-headless-shell"]), "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) =>
  fs.existsSync(p),
);
const port = Number(process.env.KEEL_E2E_PORT || 3210);
// The host pages are opened on (and the server's APP_URL). KEEL_E2E_HOST=localhost for the passkey
// tests: WebAuthn needs a secure context, and Chromium refuses an IP address as the RP ID
// (e2e/passkeys.spec.ts). scripts/test.mjs runs part 2 (passkeys included) and a whole run on
// localhost, part 1 on 127.0.0.1, so both hosts are walked.
const host = process.env.KEEL_E2E_HOST === "localhost" ? "localhost" : "127.0.0.1";
const smtpPort = Number(process.env.KEEL_E2E_SMTP_PORT || port + 1000);
// The test OpenID Connect provider e2e/server.mjs runs beside the app (tests/support/oidc-provider.ts).
const idpPort = Number(process.env.KEEL_E2E_IDP_PORT || port + 2000);
process.env.KEEL_E2E_IDP_ISSUER ??= `http://127.0.0.1:${idpPort}`;

// Workers load this file again; the data folder must be chosen once, by the main process.
process.env.KEEL_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "keel-e2e-"));
// The administrator e2e/server.mjs creates before the server starts (the API never creates one);
// the tests read the same variables to sign in as it.
process.env.KEEL_E2E_ADMIN_USERNAME ??= "e2e-admin";
process.env.KEEL_E2E_ADMIN_EMAIL ??= "e2e-admin@example.com";
process.env.KEEL_E2E_ADMIN_PASSWORD ??= "e2e admin passphrase 4821";

// KEEL_E2E_PART=1 or 2 runs half of the suite, so that `npm test` can run the halves in two lanes
// beside the integration suites (scripts/test.mjs): part 1 is the files named here, part 2 every
// other file (so a new spec file runs in part 2 without being listed). The files in part 1 were
// chosen by their measured time (docs/performance.md, "Eighth part" and "Ninth part"), to even
// out the two lanes.
const part = process.env.KEEL_E2E_PART;
const partOne = ["pages.spec.ts"].map((file) => `**/${file}`);
// Two runs at once need their own result and report folders (Playwright empties its output folder
// when it starts); the default port keeps the usual names.
const runFolder = port === 3210 ? "" : `-${port}`;

export default defineConfig({
  testDir: "e2e",
  ...(part === "1" ? { testMatch: partOne } : part === "2" ? { testIgnore: partOne } : {}),
  outputDir: `test-results/e2e${runFolder}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"], ["html", { outputFolder: `playwright-report${runFolder}`, open: "never" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://${host}:${port}`,
    // Tracing records every test (DOM snapshots, screencast) to keep only the failures': 15% of the
    // suite's CPU on 2 cores. CI keeps no files of a run, so it does not trace; locally a failure
    // keeps its trace (and `--trace on` brings it back anywhere).
    trace: process.env.CI ? "off" : "retain-on-failure",
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
    command: `node e2e/server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/v1/health`,
    reuseExistingServer: false,
    // Creating the administrator and starting the server took over two minutes on a loaded 2-core machine.
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the server close the embedded database; Playwright would SIGKILL otherwise.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      PAYMENTS_PROVIDER: "test",
      NEXT_MANUAL_SIG_HANDLE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: "keel-e2e-tests-secret-0123456789abcdef0123",
      PASSWORD_PEPPER: "keel-e2e-tests-pepper-0123456789abcdef0123",
      KEEL_DATA_DIR: process.env.KEEL_E2E_DATA_DIR,
      DATABASE_URL: "",
      KEEL_E2E_ADMIN_USERNAME: process.env.KEEL_E2E_ADMIN_USERNAME,
      KEEL_E2E_ADMIN_EMAIL: process.env.KEEL_E2E_ADMIN_EMAIL,
      KEEL_E2E_ADMIN_PASSWORD: process.env.KEEL_E2E_ADMIN_PASSWORD,
      // Every test registers its own users, all from 127.0.0.1; the production limit (20 an hour)
      // is the integration tests' business.
      RATE_LIMIT_REGISTRATIONS_PER_IP: "1000",
      // bcrypt's lowest cost (allowed for test servers only): hashing is not what these tests are
      // about, and every test registers and signs in its own accounts.
      BCRYPT_COST: "4",
      BCRYPT_ALLOW_LOW_COST: "true",
      // E-mail goes to a real SMTP server on loopback that e2e/server.mjs runs beside the app.
      MAIL_TRANSPORT: "smtp",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: "Keel <no-reply@keel.test>",
      CONTACT_EMAIL: "support@keel.test",
      APP_URL: `http://${host}:${port}`,
      JOB_POLL_INTERVAL_SECONDS: "0.5",
      // A request log line per request would bury the test report in server output; warnings and
      // errors still show. KEEL_E2E_LOG_LEVEL=info brings the request lines back when debugging.
      LOG_LEVEL: process.env.KEEL_E2E_LOG_LEVEL || "warn",
      // Sign-in through an identity provider: the test provider on loopback (e2e/server.mjs).
      OIDC_ISSUER: process.env.KEEL_E2E_IDP_ISSUER,
      OIDC_CLIENT_ID: "keel-web",
      OIDC_CLIENT_SECRET: "keel-e2e-idp-client-secret-0123456789",
      OIDC_NAME: "Test IdP",
    },
  },
});
