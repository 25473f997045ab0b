/**
 * External identities: accounts at identity providers (OpenID Connect, GitHub, Google) that sign in
 * to Keel accounts (OpenAPI document: POST /api/v1/auth/oidc/token, GET and DELETE
 * /api/v1/profile/identities; the web sign-in through NextAuth calls resolveIdentity too).
 *
 * (provider, subject) names an identity for good: the provider's subject never changes, its e-mail
 * may. Rules:
 * - a known identity signs in to its account;
 * - an unknown one creates an account (no password; username derived from the profile and made
 *   unique; e-mail verified only when the provider says `email_verified: true`);
 * - but never when an account already has that e-mail: linking it automatically would hand the
 *   account to whoever controls an identity with that address (an unverified one at some provider,
 *   or one the address's previous owner still holds). The person signs in and links the provider
 *   from the profile instead (409);
 * - while signed in, an unknown identity is linked to the caller, with a security notice by e-mail;
 * - an identity is unlinked unless it is the last way to sign in (a password or a passkey counts).
 */
import "server-only";
import { randomInt } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/errors";
import { lockUser } from "@/lib/db/locks";
import type { DbTransaction } from "@/lib/db/types";
import { Conflict, NotFound, Unauthenticated } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";
import { getConfig } from "@/lib/env";
import { type TokenResponse } from "@/lib/auth/dto";
import { userDtoSelect } from "@/lib/users/dto";
import { verifyIdToken } from "./id-tokens";
import { MAX_DEVICE_TOKEN_LENGTH } from "@/lib/auth/schemas";
import { providerName } from "./providers";
import { recordActivity } from "@/lib/activity/activity";
import { deviceOf } from "@/lib/auth/credentials/device-tokens";
import { signInVerifiedUser, type TokenUser } from "@/lib/auth/sessions/session";
import { requireAnotherSignInMethod } from "@/lib/auth/sign-in-methods";
import { createAccount } from "@/lib/users/register";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

/**
 * ID-token exchanges (mobile sign-in through an identity provider) per client IP in 15 minutes. Each
 * one may fetch the provider's keys, so a flood must not become load on it either.
 */
const oidcExchangeIpLimit = defineLimit({ name: "oidc-exchange-ip", points: () => getConfig().rateLimits.oidcExchangesPerIp, durationSeconds: FIFTEEN_MINUTES });

async function consumeOidcExchange(ip: string): Promise<void> {
  await consumeAll([[oidcExchangeIpLimit, ip]], "Too many sign-ins with an identity provider. Try again later.");
}

/** What Keel takes from a provider's profile. */
export interface ProviderProfile {
  /** The NextAuth provider id ("oidc", "github", "google"). */
  provider: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername?: string | null;
  name?: string | null;
}

/** An account with this e-mail exists already: the person links the provider from its profile. */
export class IdentityEmailTaken extends Conflict {
  constructor(provider: string) {
    super(
      `An account with this e-mail address already exists. Sign in to it with your password (or a provider already linked to it) and link ${providerName(provider)} on your profile page.`,
    );
  }
}

/** The identity is linked to another Keel account. */
export class IdentityLinkedElsewhere extends Conflict {
  constructor(provider: string) {
    super(`This ${providerName(provider)} account is already linked to another Keel account.`);
  }
}

/** The provider shared no usable e-mail address, and an account needs one. */
export class IdentityWithoutEmail extends Conflict {
  constructor(provider: string) {
    super(`${providerName(provider)} did not share a usable e-mail address, which a Keel account needs. Register with a password instead.`);
  }
}

const emailSchema = z.string().trim().toLowerCase().max(100).pipe(z.email());

/** The user row fields a session needs (dto plus the session version). */
const sessionUserSelect = { ...userDtoSelect, sessionVersion: true } as const;

/**
 * A username from the profile: the provider's preferred username, else the name, else the
 * address's local part; reduced to Keel's characters (letters, digits, '_', '.', '-') and length.
 */
export function baseUsername(profile: Pick<ProviderProfile, "preferredUsername" | "name" | "email">): string {
  for (const source of [profile.preferredUsername, profile.name, profile.email?.split("@")[0]]) {
    const cleaned = (source ?? "")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\s+/g, "_")
      .replace(/[^A-Za-z0-9_.-]/g, "")
      .replace(/^[._-]+|[._-]+$/g, "")
      .slice(0, 40);
    if (cleaned.length >= 3) return cleaned;
  }
  return "user";
}

/** `base`, or base plus a number when it is taken (checked here; a race is caught by the unique index). */
async function availableUsername(tx: DbTransaction, base: string, attempt: number): Promise<string> {
  if (attempt === 0 && !(await tx.user.findUnique({ where: { username: base }, select: { id: true } }))) return base;
  for (let i = 0; i < 5; i++) {
    const candidate = `${base}-${randomInt(1000, 10_000 * 10 ** attempt)}`;
    if (!(await tx.user.findUnique({ where: { username: candidate }, select: { id: true } }))) return candidate;
  }
  return `${base}-${randomInt(10 ** 8, 10 ** 9)}`;
}

async function enqueueLinkedNotice(tx: DbTransaction, user: { username: string; email: string }, provider: string): Promise<void> {
  await enqueue(tx, QUEUES.sendEmail, {
    to: user.email,
    message: { template: "identity-linked", username: user.username, provider: providerName(provider), at: new Date().toISOString() },
  });
}

/**
 * The account an identity signs in to (creating it on a first sign-in), or, with `linkTo`, links
 * the identity to that (signed-in) user. Throws the Conflicts above.
 */
export async function resolveIdentity(profile: ProviderProfile, meta: RequestMeta, options: { linkTo?: number } = {}): Promise<TokenUser> {
  const db = await getDb();
  const key = { provider_subject: { provider: profile.provider, subject: profile.subject } };
  for (let attempt = 0; ; attempt++) {
    const known = await db.userIdentity.findUnique({ where: key, select: { userId: true, user: { select: sessionUserSelect } } });
    if (known) {
      if (options.linkTo !== undefined && known.userId !== options.linkTo) throw new IdentityLinkedElsewhere(profile.provider);
      return known.user;
    }
    const parsedEmail = emailSchema.safeParse(profile.email ?? "");
    const email = parsedEmail.success ? parsedEmail.data : null;
    try {
      if (options.linkTo !== undefined) return await linkIdentity(options.linkTo, profile, email, meta);
      if (!email) throw new IdentityWithoutEmail(profile.provider);
      return await createAccountForIdentity(profile, email, attempt);
    } catch (error) {
      const clashed = uniqueViolationFields(error);
      const emailTaken = error instanceof IdentityEmailTaken || Boolean(clashed?.some((field) => field.includes("email")));
      // Someone else created the same identity at the same moment (two tabs, a retried request, an
      // app's parallel calls): its account holds the address now, so the address looks taken, but
      // the next round finds the identity and signs in to that account. A username taken in the
      // meantime: the next round picks another. An address that stays taken is the 409.
      if ((clashed || emailTaken) && attempt < 3) continue;
      if (emailTaken) throw new IdentityEmailTaken(profile.provider);
      throw error;
    }
  }
}

async function linkIdentity(userId: number, profile: ProviderProfile, email: string | null, meta: RequestMeta): Promise<TokenUser> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Under the user's lock, like every change of how an account signs in.
    if (!(await lockUser(tx, userId))) throw new Unauthenticated();
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: sessionUserSelect });
    await tx.userIdentity.create({ data: { userId, provider: profile.provider, subject: profile.subject, email } });
    await enqueueLinkedNotice(tx, user, profile.provider);
    await recordActivity(tx, { userId, type: "identity_linked", meta });
    return user;
  });
}

async function createAccountForIdentity(profile: ProviderProfile, email: string, attempt: number): Promise<TokenUser> {
  const db = await getDb();
  // Never linked by address alone: an address that has an account is the 409 of its own.
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw new IdentityEmailTaken(profile.provider);
  return createAccount({
    username: (tx) => availableUsername(tx, baseUsername(profile), attempt),
    email,
    credential: {
      identity: { provider: profile.provider, subject: profile.subject, email, providerName: providerName(profile.provider) },
      emailVerified: profile.emailVerified,
    },
  });
}

/** One linked identity as the API shows it. */
export const identitySchema = z
  .strictObject({
    id: z.int().positive(),
    provider: z.string().meta({ example: "oidc" }),
    subject: z.string().meta({ description: "The account's id at the provider." }),
    email: z.string().nullable().meta({ description: "The address the provider gave when the identity was linked." }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "Identity" });
export const identityListSchema = z.strictObject({ items: z.array(identitySchema) }).meta({ id: "IdentityList" });
export type IdentityDto = z.output<typeof identitySchema>;

export async function listIdentities(userId: number): Promise<IdentityDto[]> {
  const db = await getDb();
  const rows = await db.userIdentity.findMany({ where: { userId }, orderBy: { id: "asc" } });
  return rows.map((row) => ({ id: row.id, provider: row.provider, subject: row.subject, email: row.email, createdAt: row.createdAt.toISOString() }));
}

/** Unlinks one of the caller's identities; 404 for another user's, 409 for the last way to sign in. */
export async function unlinkIdentity(userId: number, identityId: number, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.$transaction(async (tx) => {
    // Under the user's lock: two concurrent unlinks of the last two identities must not both pass the count.
    if (!(await lockUser(tx, userId))) throw new Unauthenticated();
    const identity = await tx.userIdentity.findFirst({ where: { id: identityId, userId }, select: { id: true } });
    if (!identity) throw new NotFound("No such linked identity.");
    // A password, another identity or a passkey must remain (lib/auth/sign-in-methods.ts).
    await requireAnotherSignInMethod(tx, userId);
    await tx.userIdentity.delete({ where: { id: identity.id } });
    await recordActivity(tx, { userId, type: "identity_unlinked", meta });
  });
}

/** POST /api/v1/auth/oidc/token: a mobile app's ID token for a Keel token pair. */
export const idTokenExchangeSchema = z
  .strictObject({
    provider: z.literal("oidc", { error: 'The provider must be "oidc".' }),
    idToken: z
      .string({ error: "Send the ID token." })
      .min(1, "Send the ID token.")
      .max(16_384, "That is not an ID token.")
      .regex(/^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/, "That is not an ID token."),
    nonce: z
      .string()
      .min(1)
      .max(512)
      .optional()
      .meta({ description: "The nonce the app put in its authorization request; the ID token must carry the same." }),
    deviceToken: z
      .string({ error: "The device token must be text." })
      .max(MAX_DEVICE_TOKEN_LENGTH, "That is not a device token.")
      .optional()
      .meta({ description: "The `deviceToken` of this app's last sign-in response, as for POST /api/v1/auth/token: a known device is not reported as new." }),
  })
  .meta({ id: "IdTokenExchangeRequest" });
export type IdTokenExchangeInput = z.output<typeof idTokenExchangeSchema>;

export async function exchangeIdToken(input: IdTokenExchangeInput, meta: RequestMeta): Promise<TokenResponse> {
  await consumeOidcExchange(limitIp(meta));
  const claims = await verifyIdToken(input.idToken, input.nonce);
  const user = await resolveIdentity({
    provider: input.provider,
    subject: claims.sub,
    email: claims.email,
    emailVerified: claims.emailVerified,
    preferredUsername: claims.preferredUsername,
    name: claims.name,
  }, meta);
  // The same second-factor gate, session record, `sign_in` activity and new-device notice as a
  // password sign-in: with 2FA on, 401 mfa_required and the app completes at /auth/token/two-factor.
  const deviceId = await deviceOf(input.deviceToken, user.id);
  return signInVerifiedUser(user, deviceId, meta, "The sign-in could not be completed. Try again.");
}
