/**
 * The `test` every spec uses: Playwright's, plus a watch on the browser console. Any console error
 * or uncaught exception fails the test (a CSP violation, a hydration mismatch and a failed request
 * all show up there), except the ones a test declares it expects.
 */
import { test as base, expect, type Page } from "@playwright/test";

export interface ConsoleWatch {
  /** Errors seen so far that no `allow` pattern matches. */
  unexpected(): string[];
  /** Expect errors like this one (for example the 409 a refused change is answered with). */
  allow(pattern: RegExp): void;
}

export function watchConsole(page: Page): ConsoleWatch {
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  return {
    unexpected: () => errors.filter((error) => !allowed.some((pattern) => pattern.test(error))),
    allow: (pattern) => allowed.push(pattern),
  };
}

export const test = base.extend<{ console: ConsoleWatch }>({
  // Automatic: every test's page is watched, whether or not the test asks for the watch by name.
  console: [
    async ({ page }, use) => {
      const watch = watchConsole(page);
      await use(watch);
      expect(watch.unexpected(), "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
