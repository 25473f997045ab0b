"use client";
/**
 * Mounts Scalar's API reference on the live /api/v1/openapi.json. The bundle is loaded by this
 * (nonced) script, which the policy's 'strict-dynamic' trusts; it is served by the app itself.
 * Everything that would reach another origin is turned off: fonts (the app's own are used), the
 * request client (it offers a proxy on scalar.com), the AI agent, telemetry.
 */
import { useEffect, useRef, useState } from "react";

interface ScalarApp {
  destroy?: () => void;
}
declare global {
  interface Window {
    Scalar?: { createApiReference: (element: Element, configuration: Record<string, unknown>) => ScalarApp };
  }
}

const CONFIGURATION = {
  url: "/api/v1/openapi.json",
  withDefaultFonts: false,
  hideClientButton: true,
  hideTestRequestButton: true,
  hideDarkModeToggle: true,
  forceDarkModeState: "light",
  telemetry: false,
  // The "Ask AI" agent fetches a registry from scalar.com as soon as the page opens.
  agent: { disabled: true },
  showDeveloperTools: "never",
  showToolbar: "never",
  documentDownloadType: "json",
  layout: "modern",
  // Every operation on the page (and in the browser's find), not only the first section's.
  defaultOpenAllTags: true,
  theme: "default",
  defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
  // The schemas are shown inside each operation; the separate "Models" list repeats them with
  // collapsible headings that nest links in buttons (axe: nested-interactive).
  hideModels: true,
  // Scalar's light theme draws secondary text, badges and code tokens below 4.5:1 on white (axe:
  // color-contrast); these are darker shades of the same hues.
  customCss: `
    .light-mode, .light-mode .scalar-app, .scalar-app.light-mode {
      --scalar-font: var(--font-geist-sans), system-ui, sans-serif;
      --scalar-color-1: #111827;
      --scalar-color-2: #374151;
      --scalar-color-3: #4b5563;
      --scalar-color-accent: #1d4ed8;
      --scalar-color-green: #047857;
      --scalar-color-red: #991b1b;
      --scalar-color-yellow: #92400e;
      --scalar-color-blue: #1d4ed8;
      --scalar-color-orange: #9a3412;
      --scalar-color-purple: #6d28d9;
      --scalar-color-alert: #9a3412;
      --scalar-color-danger: #b91c1c;
    }
    /* The code cards are dark inside the light theme: light shades there. */
    .light-mode .dark-mode, .light-mode .scalar-app .dark-mode {
      --scalar-color-green: #34d399;
      --scalar-color-red: #f87171;
      --scalar-color-yellow: #fbbf24;
      --scalar-color-blue: #60a5fa;
      --scalar-color-orange: #fb923c;
      --scalar-color-purple: #c4b5fd;
    }
    .scalar-app :focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
  `,
};

/** Names for Scalar's icon-only buttons, by the class that says what they do. */
const BUTTON_NAMES: [string, string][] = [
  ["code-copy", "Copy code"],
  ["scalar-code-copy", "Copy code"],
  ["client-libraries__select", "More client libraries"],
];

/** The text a screen reader would read: shown, and not inside aria-hidden. */
function spokenText(element: Element): string {
  let text = "";
  for (const child of element.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) text += child.textContent ?? "";
    else if (child instanceof HTMLElement && child.getAttribute("aria-hidden") !== "true" && child.checkVisibility()) text += spokenText(child);
  }
  return text;
}

/**
 * Repairs what Scalar renders and axe (rightly) flags, which none of its options turn off. Run
 * after each render of the reference:
 * - scrollable-region-focusable: a code block or list that scrolls must be reachable by keyboard;
 * - button-name: icon-only buttons get a name;
 * - aria-allowed-attr: aria-selected on the sidebar's buttons becomes aria-current;
 * - aria-required-children: the client picker's tablist holds a menu button that is not a tab.
 */
function repairAccessibility(root: Element) {
  for (const element of root.querySelectorAll<HTMLElement>("pre, code, ul, ol, [class*='scroll'], [class*='overflow']")) {
    if (element.hasAttribute("tabindex")) continue;
    const style = getComputedStyle(element);
    const scrolls =
      (element.scrollWidth > element.clientWidth && /auto|scroll/.test(style.overflowX)) ||
      (element.scrollHeight > element.clientHeight && /auto|scroll/.test(style.overflowY));
    if (scrolls) element.tabIndex = 0;
  }
  // The search button's visible text (the shortcut hint) is not given to screen readers.
  for (const search of root.querySelectorAll<HTMLElement>("button[role='search']:not([aria-label])")) search.setAttribute("aria-label", "Search");
  for (const button of root.querySelectorAll<HTMLButtonElement>("button")) {
    const labelledBy = (button.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
    const labelled = labelledBy.some((id) => document.getElementById(id)?.textContent?.trim());
    if (button.getAttribute("aria-label")?.trim() || labelled || spokenText(button).trim()) continue;
    const name = BUTTON_NAMES.find(([className]) => button.classList.contains(className))?.[1];
    button.setAttribute("aria-label", name ?? (button.title || "More options"));
  }
  // aria-allowed-attr: the sidebar marks its current entry with aria-selected, which a button may
  // not carry; aria-current says the same.
  for (const item of root.querySelectorAll<HTMLElement>("button[aria-selected]:not([role])")) {
    if (item.getAttribute("aria-selected") === "true") item.setAttribute("aria-current", "location");
    else item.removeAttribute("aria-current");
    item.removeAttribute("aria-selected");
  }
  // The client picker's "More" menu button sits among its tabs: it becomes the last tab (it does
  // select a client, from a menu), which is what a tablist may contain.
  for (const more of root.querySelectorAll<HTMLElement>("[role='tablist'] .client-libraries__select:not([role])")) {
    more.setAttribute("role", "tab");
    more.setAttribute("aria-selected", "false");
  }
}

export function ApiReference({ scriptUrl }: { scriptUrl: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let app: ScalarApp | undefined;
    let cancelled = false;
    const mount = () => {
      if (cancelled || !window.Scalar) return;
      app = window.Scalar.createApiReference(element, CONFIGURATION);
    };
    if (window.Scalar) mount();
    else {
      const script = document.createElement("script");
      script.src = scriptUrl;
      script.async = true;
      script.onload = mount;
      script.onerror = () => setFailed(true);
      document.head.appendChild(script);
    }
    let pending = 0;
    const observer = new MutationObserver(() => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => repairAccessibility(element));
    });
    // Attributes too: the sidebar moves aria-selected as the reader scrolls.
    observer.observe(element, { childList: true, subtree: true, attributes: true, attributeFilter: ["aria-selected"] });
    const onResize = () => repairAccessibility(element);
    window.addEventListener("resize", onResize);
    return () => {
      cancelled = true;
      observer.disconnect();
      cancelAnimationFrame(pending);
      window.removeEventListener("resize", onResize);
      app?.destroy?.();
    };
  }, [scriptUrl]);

  return (
    <>
      {failed ? (
        <p role="alert">
          The interactive reference could not be loaded. The document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      ) : null}
      <div ref={container} data-testid="api-reference" />
    </>
  );
}
