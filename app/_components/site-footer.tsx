import Link from "next/link";
import { getConfig } from "@/lib/env";

export function SiteFooter() {
  const { contactEmail } = getConfig();
  return (
    <footer className="site-footer">
      <nav aria-label="Footer" className="footer-links">
        {/* A full page load, as before: the reference's viewer script runs on load. */}
        <a href="/docs/api">API reference</a>
        <Link href="/rates">Shipping rates</Link>
        <Link href="/track">Track a parcel</Link>
        {/* CONTACT_EMAIL: the operator's address; without one there is no one to write to. */}
        {contactEmail ? <a href={`mailto:${contactEmail}`}>Contact: {contactEmail}</a> : null}
      </nav>
    </footer>
  );
}
