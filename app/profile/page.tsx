import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { listIdentities } from "@/lib/auth/identities/identities";
import { countPasskeys } from "@/lib/auth/passkeys";
import { providerName, webProviders } from "@/lib/auth/identities/providers";
import { NotFound } from "@/lib/errors";
import { getProfile } from "@/lib/users/profile";
import { LocalTime } from "@/app/_components/local-time";
import { DeleteAccount } from "./delete-account";
import { EmailVerification } from "./email-verification";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { SignInMethods } from "./sign-in-methods";

export const metadata: Metadata = { title: "Your profile" };

/** What the provider redirects back with (lib/auth/web/nextauth.ts): a link made, or refused. */
function identityMessage(params: Record<string, string | string[] | undefined>): { text: string; ok: boolean } | undefined {
  const provider = typeof params.provider === "string" ? providerName(params.provider) : "The provider";
  if (params.identityError === "linked-elsewhere") return { text: `This ${provider} account is linked to another Keel account.`, ok: false };
  if (params.linked === "1") return { text: "Signing in with the provider now opens this account.", ok: true };
  if (params.unlinked === "1") return { text: "The provider was unlinked. It no longer signs in to this account.", ok: true };
  return undefined;
}

export default async function ProfilePage({ searchParams }: PageProps<"/profile">) {
  const caller = await requireCaller("/profile");
  const [profile, identities, passkeyCount, params] = await Promise.all([
    getProfile(caller.user).catch((error) => {
      if (error instanceof NotFound) notFound();
      throw error;
    }),
    listIdentities(caller.user.id),
    countPasskeys(caller.user.id),
    searchParams,
  ]);
  const { user, stats } = profile;
  const linkedProviders = new Set(identities.map((identity) => identity.provider));
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
          <dd>
            <LocalTime iso={user.createdAt} kind="date" />
          </dd>
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

      <section aria-labelledby="addresses-heading" className="panel">
        <h2 id="addresses-heading">Addresses</h2>
        <p>
          <Link href="/profile/addresses">Your address book</Link>: recipients and the address your parcels are sent from.
        </p>
      </section>

      <section aria-labelledby="security-heading" className="panel">
        <h2 id="security-heading">Security</h2>
        <p>
          Two-factor authentication is {user.twoFactorEnabled ? "on" : "off"}.{" "}
          <Link href="/profile/security">Sessions, activity and two-factor authentication</Link>
        </p>
      </section>

      <section aria-labelledby="integrations-heading" className="panel">
        <h2 id="integrations-heading">For your servers</h2>
        <p>
          <Link href="/profile/api-keys">API keys</Link> let your own systems place and read orders;{" "}
          <Link href="/profile/webhooks">webhooks</Link> tell them when orders change.
        </p>
      </section>

      <section aria-labelledby="methods-heading" className="panel" data-testid="sign-in-methods">
        <h2 id="methods-heading">Sign-in methods</h2>
        <SignInMethods
          hasPassword={user.hasPassword}
          identities={identities.map((identity) => ({
            id: identity.id,
            providerName: providerName(identity.provider),
            email: identity.email,
            createdAt: identity.createdAt,
          }))}
          linkable={webProviders().filter((provider) => !linkedProviders.has(provider.id))}
          message={identityMessage(params)}
        />
      </section>

      <section aria-labelledby="password-heading" className="panel">
        <h2 id="password-heading">Change password</h2>
        <PasswordForm />
      </section>

      <section aria-labelledby="delete-heading" className="panel danger-zone">
        <h2 id="delete-heading">Delete account</h2>
        {/* Without a password, the account's passkeys confirm (an identity-only account sets a password first). */}
        <DeleteAccount orderCount={stats.orderCount} confirmWith={!user.hasPassword && passkeyCount > 0 ? "passkey" : "password"} />
      </section>
    </main>
  );
}
