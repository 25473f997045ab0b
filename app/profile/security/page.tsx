import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/app/_components/local-time";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { listActivity, listSessions } from "@/lib/security-centre/security-centre";
import { recoveryCodesLeft } from "@/lib/auth/two-factor/two-factor";
import { listPasskeys } from "@/lib/auth/passkeys";
import { NotFound } from "@/lib/errors";
import { getProfile } from "@/lib/users/profile";
import { ActivityList } from "./activity-list";
import { SessionList } from "./session-list";
import { PasskeysPanel } from "./passkeys-panel";
import { TwoFactorPanel } from "./two-factor-panel";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage() {
  const caller = await requireCaller("/profile/security");
  const [profile, sessions, activity, codesLeft, passkeys] = await Promise.all([
    getProfile(caller.user).catch((error) => {
      if (error instanceof NotFound) notFound();
      throw error;
    }),
    listSessions(caller.user.id, caller.sessionId),
    listActivity(caller.user.id, { limit: 20 }),
    recoveryCodesLeft(caller.user.id),
    listPasskeys(caller.user.id),
  ]);
  return (
    <main className="narrow">
      <p>
        <Link href="/profile">← Your profile</Link>
      </p>
      <h1>Security</h1>

      <section aria-labelledby="sessions-heading" className="panel">
        <h2 id="sessions-heading">Where you are signed in</h2>
        <SessionList sessions={sessions.items} />
      </section>

      <section aria-labelledby="passkeys-heading" className="panel">
        <h2 id="passkeys-heading">Passkeys</h2>
        <PasskeysPanel
          passkeys={passkeys.map((passkey) => ({
            ...passkey,
            createdAt: <LocalTime iso={passkey.createdAt} />,
            lastUsedAt: passkey.lastUsedAt ? <LocalTime iso={passkey.lastUsedAt} /> : null,
          }))}
        />
      </section>

      <section aria-labelledby="activity-heading" className="panel">
        <h2 id="activity-heading">Recent activity</h2>
        <ActivityList items={activity.items.map((item) => ({ ...item, at: <LocalTime iso={item.at} /> }))} />
      </section>

      {/* Last: setting up reveals the key and a form, which would push anything below it down. */}
      <section aria-labelledby="two-factor-heading" className="panel">
        <h2 id="two-factor-heading">Two-factor authentication</h2>
        <TwoFactorPanel enabled={profile.user.twoFactorEnabled} recoveryCodesLeft={codesLeft} hasPassword={profile.user.hasPassword} />
      </section>
    </main>
  );
}
