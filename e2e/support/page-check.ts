/**
 * The checks every page gets: nothing moved while it loaded (cumulative layout shift), axe-core finds
 * no serious or critical WCAG 2.1 A/AA violation, nothing is wider than a 360 px phone screen, and a
 * full-page screenshot at 360 px and 1280 px is kept under test-results/screenshots/ for people to
 * look at. Not in CI (CI=1, .ci/run) unless KEEL_E2E_SCREENSHOTS=1: a fresh clone's run is thrown
 * away, and a hundred full-page PNGs are CPU the checks themselves do not need.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";

const WIDTHS = [360, 1280] as const;
const SCREENSHOTS = !process.env.CI || process.env.KEEL_E2E_SCREENSHOTS === "1";

async function seriousViolations(page: Page) {
  // Legacy mode: axe.run() in the page itself. The default mode finishes every analysis in a new
  // blank page (axe.finishRun, made for cross-origin iframes, which Keel's pages do not have) and
  // measured 1.2-2.2 s per analysis here against 0.5-0.9 s in legacy mode, same findings; with two
  // widths and ~50 page states that was about a minute of the browser tests.
  //
  // resultTypes: only the violations are read here. Without it axe builds a selector and an HTML
  // snippet for every node that passed each rule as well (thousands on the API reference): 43 s
  // against 28 s for one analysis of /docs/api, the same violations.
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21aa"])
    .setLegacyMode()
    .options({ resultTypes: ["violations"] })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

interface Shift {
  value: number;
  at: number;
  /** What moved: each source's element, and its box before and after. */
  sources: string[];
}

/**
 * Layout shifts not caused by the user's own input, since the page loaded (Core Web Vitals' CLS),
 * with what moved in each: when the check fails, the message says which element shifted, when, and
 * from where to where (a total alone does not say what to fix).
 */
function layoutShifts(page: Page): Promise<Shift[]> {
  return page.evaluate(
    () =>
      new Promise<Shift[]>((resolve) => {
        type Source = { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly };
        type Entry = PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Source[] };
        const describe = (node: Node | null) => {
          if (!node) return "(gone)";
          if (!(node instanceof Element)) return `text "${(node.textContent ?? "").slice(0, 40)}"`;
          const classes = node.classList.length ? `.${[...node.classList].join(".")}` : "";
          return `${node.tagName.toLowerCase()}${classes} "${(node.textContent ?? "").trim().slice(0, 40)}"`;
        };
        const box = (rect: DOMRectReadOnly) => `${Math.round(rect.x)},${Math.round(rect.y)} ${Math.round(rect.width)}x${Math.round(rect.height)}`;
        const shifts: Shift[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as Entry[]) {
            if (entry.hadRecentInput) continue;
            shifts.push({
              value: entry.value,
              at: Math.round(entry.startTime),
              sources: (entry.sources ?? []).map((source) => `${describe(source.node)}: ${box(source.previousRect)} -> ${box(source.currentRect)}`),
            });
          }
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(shifts), 100);
      }),
  );
}

/** "Good" CLS is at most 0.1; pages that reserve room for their data stay near 0. */
export async function expectNoLayoutShift(page: Page, name: string) {
  const shifts = await layoutShifts(page);
  const total = shifts.reduce((sum, shift) => sum + shift.value, 0);
  expect(total, `layout shift on ${name}: ${JSON.stringify(shifts, null, 1)}`).toBeLessThanOrEqual(0.02);
}

export async function checkPage(page: Page, name: string) {
  // Lists that load (or load again) in the browser shift the page when their data arrives, if at
  // all, after the load event: the shift is measured once the network has been quiet for a moment.
  await page.waitForLoadState("networkidle");
  await expectNoLayoutShift(page, name);
  const original = page.viewportSize();
  const folder = path.join(test.info().project.outputDir, "..", "screenshots");
  try {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      expect(await seriousViolations(page), `accessibility of ${name} at ${width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} fits ${width} px without scrolling sideways`).toBeLessThanOrEqual(0);
      if (!SCREENSHOTS) continue;
      const file = path.join(folder, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      await test.info().attach(`${name}-${width}`, { path: file, contentType: "image/png" });
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
}
