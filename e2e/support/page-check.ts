/**
 * The checks every page gets: nothing moved while it loaded (cumulative layout shift), axe-core finds
 * no serious or critical WCAG 2.1 A/AA violation, nothing is wider than a 360 px phone screen, and a
 * full-page screenshot at 360 px and 1280 px is kept under test-results/screenshots/ for people to
 * look at.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

const WIDTHS = [360, 1280] as const;

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

/** Layout shifts not caused by the user's own input, since the page loaded (Core Web Vitals' CLS). */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 100);
      }),
  );
}

export async function checkPage(page: Page, name: string) {
  // Lists that load (or load again) in the browser shift the page when their data arrives, if at
  // all, after the load event: the shift is measured once the network has been quiet for a moment.
  await page.waitForLoadState("networkidle");
  // "Good" CLS is at most 0.1; pages that reserve room for their data stay near 0.
  expect(await layoutShift(page), `layout shift on ${name}`).toBeLessThanOrEqual(0.02);
  const original = page.viewportSize();
  const folder = path.join(test.info().project.outputDir, "..", "screenshots");
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      expect(await seriousViolations(page), `accessibility of ${name} at ${width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} fits ${width} px without scrolling sideways`).toBeLessThanOrEqual(0);
      const file = path.join(folder, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      await test.info().attach(`${name}-${width}`, { path: file, contentType: "image/png" });
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
}
