import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./providers";
import "./globals.css";

/**
 * Geist, served from the app (no font CDN), loaded the way the `geist` package's own GeistSans does
 * but with `display: "optional"` instead of its `swap`. With swap, a page painted before the font
 * arrived is painted again in Geist, and every line whose width changed moves: next/font's
 * size-adjusted fallback is built on Arial, which many Linux machines do not have, and there the
 * fallback is the system sans (much wider), so the welcome page moved by a CLS of 0.074 whenever
 * the font was late (the page checks in e2e/support/page-check.ts caught it under load). With
 * optional, a font that is not there within the first ~100 ms (it is preloaded, so it nearly always
 * is) is used from the next page on, and nothing on this page moves.
 */
const geistSans = localFont({
  src: "../node_modules/geist/dist/fonts/geist-sans/Geist-Variable.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "optional",
});

export const metadata: Metadata = {
  title: { default: "Keel", template: "%s · Keel" },
  description: "Shipping quotes and orders, with accounts that stay secure.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={geistSans.variable}>
      <body>
        <a className="skip-link" href="#content">
          Skip to content
        </a>
        <SiteHeader />
        <Providers>
          <div id="content">{children}</div>
        </Providers>
        <SiteFooter />
      </body>
    </html>
  );
}
