import type { ReactNode } from "react";
import { describeUserAgent } from "@/lib/auth/sessions/user-agent";
import type { ActivityDto } from "@/lib/activity/activity";

/** What each entry of the activity log says, in words. */
export const ACTIVITY_LABELS: Record<ActivityDto["type"], string> = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in attempt",
  sign_out: "Signed out",
  password_changed: "Password changed",
  password_reset: "Password reset by e-mail link",
  email_changed: "E-mail address changed",
  email_verified: "E-mail address confirmed",
  identity_linked: "Sign-in provider linked",
  identity_unlinked: "Sign-in provider unlinked",
  two_factor_enabled: "Two-factor authentication turned on",
  two_factor_disabled: "Two-factor authentication turned off",
  session_revoked: "A session was ended",
  role_changed: "Role changed by an administrator",
  account_deleted: "Account deleted",
  passkey_added: "Passkey added",
  passkey_removed: "Passkey removed",
  recovery_codes_regenerated: "New recovery codes",
  order_paid_manually: "An order marked paid by hand (administrator)",
  payment_mismatch: "A payment for the wrong amount was refused",
};

/**
 * The activity log as a list; `at` is what to show for the time, already formatted (LocalTime for
 * the reader's own zone).
 */
export function ActivityList({ items }: { items: Array<Omit<ActivityDto, "at"> & { at: ReactNode; userId?: number }> }) {
  if (items.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ul className="rows" data-testid="activity-list">
      {items.map((item) => (
        <li key={item.id} className="row user-row" data-testid="activity-row" data-type={item.type}>
          <div className="user-info">
            <span className="row-title">{ACTIVITY_LABELS[item.type]}</span>
            <span className="row-meta">
              {item.at}
              {item.ip ? ` · ${item.ip}` : ""} · {describeUserAgent(item.userAgent)}
            </span>
          </div>
        </li>
      ))}
    </ul>
  );
}
