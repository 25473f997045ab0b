import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import QRCode from "qrcode";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { pendingSetup } from "@/lib/auth/two-factor/two-factor";
import { EnableForm } from "./enable-form";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

/**
 * The second step of the setup: the key (as text and as a QR code) and the code that confirms it.
 * Once on, the form replaces the key with the recovery codes (enable-form.tsx).
 */
export default async function TwoFactorSetupPage() {
  const caller = await requireCaller("/profile/security/two-factor");
  const setup = await pendingSetup(caller.user.id);
  // No setup under way (or 2FA already on): the security page starts one.
  if (!setup) redirect("/profile/security");
  // Rendered here, on the server, as a data URL: the page's CSP loads no image from elsewhere.
  const svg = await QRCode.toString(setup.otpauthUrl, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  const qrCode = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
  return (
    <main className="narrow">
      <p>
        <Link href="/profile/security">← Security</Link>
      </p>
      <h1>Set up two-factor authentication</h1>
      <EnableForm
        keySection={
          <section className="panel" aria-labelledby="key-heading">
            <h2 id="key-heading">1. Add Keel to your authenticator app</h2>
            <p>Scan this code with your authenticator app, or enter the key by hand.</p>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data URL; Next's image optimiser has nothing to do */}
            <img src={qrCode} width={200} height={200} alt="QR code of the key for your authenticator app" />
            <p>
              Key: <code data-testid="two-factor-secret">{setup.secret}</code>
            </p>
          </section>
        }
      />
    </main>
  );
}
