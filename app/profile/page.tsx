import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/current-user";
import { NotFound } from "@/lib/errors";
import { getProfile } from "@/lib/users/profile";
import { formatDate } from "@/app/_components/format";
import { DeleteAccount } from "./delete-account";
import { EmailVerification } from "./email-verification";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const caller = await requireCaller("/profile");
  const profile = await getProfile(caller.user.id).catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  const { user, stats } = profile;
  return (
    <main className="narrow">
      <h1>Your profile</h1>
      <dl className="facts" data-testid="profile-facts">
        <div>
          <dt>Username</dt>
          <dd data-testid="profile-username">{user.username}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd data-testid="profile-email">{user.email}</dd>
        </div>
        <div>
          <dt>Email verified</dt>
          <dd data-testid="profile-email-verified">{user.emailVerified ? "Yes" : "Not yet"}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>{user.role === "ADMIN" ? "Administrator" : "Customer"}</dd>
        </div>
        <div>
          <dt>Member since</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </div>
        <div>
          <dt>Orders</dt>
          <dd data-testid="profile-order-count">{stats.orderCount}</dd>
        </div>
      </dl>

      {user.emailVerified ? null : (
        <section aria-labelledby="verify-heading" className="panel">
          <h2 id="verify-heading">Confirm your e-mail address</h2>
          <EmailVerification email={user.email} />
        </section>
      )}

      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">Account details</h2>
        <ProfileForm username={user.username} email={user.email} />
      </section>

      <section aria-labelledby="security-heading" className="panel">
        <h2 id="security-heading">Security</h2>
        <p>
          Two-factor authentication is {user.twoFactorEnabled ? "on" : "off"}.{" "}
          <Link href="/profile/security">Sessions, activity and two-factor authentication</Link>
        </p>
      </section>

      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">Change password</h2>
        <PasswordForm />
      </section>

      <section aria-labelledby="delete-heading" className="panel danger-zone">
        <h2 id="delete-heading">Delete account</h2>
        <DeleteAccount orderCount={stats.orderCount} />
      </section>
    </main>
  );
}
