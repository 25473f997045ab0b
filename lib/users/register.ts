/**
 * Creating accounts: the one `createAccount`, with a password (registration, the admin bootstrap
 * command) or with an external identity (a first sign-in through a provider, lib/auth/identities).
 * Every new account gets the same welcome e-mail, in the same transaction as the account, so an
 * account never lacks its e-mail and a failed creation never sends one.
 */
import { hashPassword } from "@/lib/auth/credentials/password";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import type { DbTransaction } from "@/lib/db/types";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { getConfig } from "@/lib/env";
import { consumeAll, defineLimit, ONE_HOUR } from "@/lib/rate-limit/limiter";
import { userDtoSelect } from "./dto";
import type { RegisterInput } from "./schemas";
import { assertAvailable, withUniqueFields } from "./uniqueness";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

/** Registrations per client IP per hour; counted per instance while Redis is away (nothing secret). */
const registrationIpLimit = defineLimit({
  name: "register-ip",
  points: () => getConfig().rateLimits.registrationsPerIp,
  durationSeconds: ONE_HOUR,
  whenDown: "count-per-instance",
});

/** The new account's row as every caller needs it: the DTO's fields and the session version (to sign in at once). */
const newAccountSelect = { ...userDtoSelect, sessionVersion: true } as const;

/** How the new account signs in. */
export type NewAccountCredential =
  | { password: string }
  | {
      /** An identity at a provider (its id in NextAuth, its subject); the provider's own words for the welcome e-mail. */
      identity: { provider: string; subject: string; email: string | null; providerName: string };
      /** The provider vouched for the address: no verification link is needed. */
      emailVerified: boolean;
    };

export interface NewAccount {
  /** A chosen username, or one picked inside the transaction (an identity's, made unique). */
  username: string | ((tx: DbTransaction) => Promise<string>);
  email: string;
  role?: Role;
  credential: NewAccountCredential;
}

/**
 * Creates an account, without a rate limit: registration applies its own (registerAccount), and
 * the identity path is limited by its sign-in. A taken username or address is a 409 naming the
 * field (a race past the check included); identity callers check the address first, as they
 * answer a taken one differently.
 */
export async function createAccount(account: NewAccount) {
  const db = await getDb();
  const { credential } = account;
  const viaPassword = "password" in credential;
  if (viaPassword) await assertAvailable(db, { username: typeof account.username === "string" ? account.username : undefined, email: account.email });
  // Hashed before the transaction: a hash keeps a worker thread busy for a while, a transaction should not wait on it.
  const passwordHash = viaPassword ? await hashPassword(credential.password) : null;
  const write = () =>
    db.$transaction(async (tx) => {
      const username = typeof account.username === "string" ? account.username : await account.username(tx);
      const emailVerifiedAt = !viaPassword && credential.emailVerified ? new Date() : null;
      const user = await tx.user.create({
        data: { username, email: account.email, passwordHash, role: account.role ?? "USER", emailVerifiedAt },
        select: newAccountSelect,
      });
      if (!viaPassword) {
        const { provider, subject, email } = credential.identity;
        await tx.userIdentity.create({ data: { userId: user.id, provider, subject, email } });
      }
      // One e-mail, not two: the welcome carries the link that verifies the address when it is not verified yet.
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "welcome", username: user.username, ...(viaPassword ? {} : { provider: credential.identity.providerName }) },
        ...(emailVerifiedAt ? {} : { link: { purpose: "EMAIL_VERIFICATION" as const, userId: user.id } }),
      });
      return user;
    });
  // The identity path's caller tells a race (the same identity created by a parallel sign-in) from a
  // taken address by the unique violation itself, and tries again; the password path answers the 409.
  return viaPassword ? withUniqueFields(write) : write();
}

/**
 * Registration by anyone (the API and the registration form): counted against the client's
 * registration limit first, then created as a USER. The one place that applies the limit.
 */
export async function registerAccount(input: RegisterInput, meta: RequestMeta) {
  await consumeAll([[registrationIpLimit, limitIp(meta)]], "Too many registrations from your network. Try again later.");
  return createAccount({ username: input.username, email: input.email, credential: { password: input.password } });
}
