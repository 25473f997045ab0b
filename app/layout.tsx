import type { Metadata, Viewport } from "next";
import { GeistSans } from "geist/font/sans";
import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";
import { Providers } from "./providers";
import "./globals.css";

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
    <html lang="en" className={GeistSans.variable}>
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
