/**
 * Two-factor authentication with TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps), through the
 * `otpauth` library (OpenAPI document, Profile: /profile/two-factor/*; Auth: /auth/token/two-factor).
 *
 * - Setup (after the password again) stores a new secret, encrypted (two-factor-crypto.ts), not yet
 *   active; enabling needs a right code from it, and answers ten single-use recovery codes, shown
 *   once and stored only as SHA-256 hashes.
 * - A code is accepted once: the newest accepted time step is stored, and a code of that step or an
 *   earlier one is refused (a conditional update, so two concurrent uses of one code cannot both win).
 * - Every code check (sign-in, enable, disable) counts toward the account's sign-in limits
 *   (rate-limits.ts): a right password does not buy unlimited guesses at six digits.
 * - A sign-in whose password was right gets an `mfaToken` (a challenge: 5 minutes, single use, a few
 *   wrong codes at most, stored as a SHA-256 hash) instead of a session.
 */
import "server-only";
import { createHash, randomBytes, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import type { Db } from "@/lib/db/types";
import { Conflict, InvalidToken, MfaRequired, NotFound, Unauthenticated, ValidationFailed } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { QUEUES } from "@/lib/jobs/queues";
import { recordActivity } from "@/lib/activity/activity";
import { confirmPassword } from "@/lib/auth/credentials/reauthenticate";
import { loginKey, reserveSignInAttempt, signInFailed, signInSucceeded } from "@/lib/auth/credentials/rate-limits";
import { linkTokenAccepted, reserveLinkTokenAttempt } from "@/lib/links/link-tokens";
import { decryptSecret, encryptSecret } from "./two-factor-crypto";
import { limitIp, type RequestMeta } from "@/lib/http/request-meta";

const ISSUER = "Keel";
const PERIOD = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;
/** Wrong codes one mfaToken takes before it is void (the account's sign-in limits apply as well). */
const MFA_TOKEN_MAX_FAILURES = 5;
const MFA_TOKEN_PREFIX = "kmfa_";

// ---------------------------------------------------------------------------------------------
// Input

/** A TOTP code (6 digits) or a recovery code (10 characters, dashes and spaces ignored). */
export const twoFactorCodeSchema = z
  .string({ error: "Enter the code." })
  .trim()
  .min(1, "Enter the code.")
  .max(32, "The code is not valid.")
  .meta({ description: "The 6-digit code from the authenticator app, or one of the recovery codes.", example: "123456" });

export const setupTwoFactorSchema = z.strictObject({ password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024) });
export const enableTwoFactorSchema = z.strictObject({ code: twoFactorCodeSchema });
export const disableTwoFactorSchema = z.strictObject({
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024),
  code: twoFactorCodeSchema,
});
/**
 * New recovery codes: the account proves itself again, with its password or a current code from the
 * authenticator app (not a recovery code: those are for a lost phone, and the new codes would void
 * the rest of them). Either is enough; each one sent is checked.
 */
export const regenerateRecoveryCodesSchema = z
  .strictObject({
    password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024).optional(),
    code: z
      .string({ error: "Enter the code from your authenticator app." })
      .trim()
      .min(1, "Enter the code from your authenticator app.")
      .max(32, "The code is not valid.")
      .optional()
      .meta({ description: "A current 6-digit code from the authenticator app (a recovery code is not accepted here)." }),
  })
  .refine((input) => input.password !== undefined || input.code !== undefined, {
    message: "Enter your password or a code from your authenticator app.",
    path: ["password"],
  })
  .meta({ id: "RecoveryCodesRegenerateRequest", description: "The password, or a current code from the authenticator app." });
export type RegenerateRecoveryCodesInput = z.output<typeof regenerateRecoveryCodesSchema>;

export const twoFactorSignInSchema = z.strictObject({
  mfaToken: z.string({ error: "mfaToken is required." }).min(1).max(200),
  code: twoFactorCodeSchema,
  deviceToken: z.string().max(2048).optional(),
});

export const twoFactorSetupResponseSchema = z
  .strictObject({
    secret: z.string().meta({ description: "Base32; enter it in the authenticator app, or scan otpauthUrl as a QR code." }),
    otpauthUrl: z.string().meta({ example: "otpauth://totp/Keel:ada_l?issuer=Keel&secret=...&algorithm=SHA1&digits=6&period=30" }),
  })
  .meta({ id: "TwoFactorSetup" });

export const recoveryCodesResponseSchema = z
  .strictObject({
    recoveryCodes: z.array(z.string()).length(RECOVERY_CODE_COUNT).meta({ description: "Each works once instead of a code. Shown only now." }),
  })
  .meta({ id: "RecoveryCodes" });

// ---------------------------------------------------------------------------------------------
// Codes

const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secret) });
}

const isTotpCode = (code: string) => /^[0-9]{6}$/.test(code.replace(/\s/g, ""));
/** Recovery codes are typed however people like: case, dashes and spaces do not matter. */
const normalizeRecoveryCode = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();

const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** 10 characters from a 31-letter alphabet (about 50 bits), shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  let code = "";
  // randomInt rejects out-of-range draws, so every letter is equally likely (a byte % 31 would not be).
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

interface TwoFactorUser {
  id: number;
  username: string;
  twoFactorSecret: string | null;
  twoFactorKeyId: string | null;
  twoFactorEnabledAt: Date | null;
}

/**
 * Checks a TOTP code and spends its time step; true when right and not used before. `tx` holds the
 * user's row lock.
 */
async function acceptTotp(tx: Db, user: TwoFactorUser, code: string): Promise<boolean> {
  if (!user.twoFactorSecret || !user.twoFactorKeyId) return false;
  const secret = decryptSecret(user.id, { ciphertext: user.twoFactorSecret, keyId: user.twoFactorKeyId });
  const totp = totpFor(secret, user.username);
  const delta = totp.validate({ token: code.replace(/\s/g, ""), window: WINDOW });
  if (delta === null) return false;
  const step = totp.counter() + delta;
  // Replay: a step at or before the last accepted one is refused, atomically.
  const spent = await tx.user.updateMany({
    where: { id: user.id, OR: [{ twoFactorLastStep: null }, { twoFactorLastStep: { lt: step } }] },
    data: { twoFactorLastStep: step },
  });
  return spent.count === 1;
}

async function acceptRecoveryCode(tx: Db, userId: number, code: string): Promise<boolean> {
  const used = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: sha256(normalizeRecoveryCode(code)), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1;
}

/** A TOTP code, or (when `recovery`) a recovery code; spends what it accepts. */
async function acceptCode(tx: Db, user: TwoFactorUser, code: string, recovery: boolean): Promise<boolean> {
  if (isTotpCode(code)) return acceptTotp(tx, user, code);
  return recovery ? acceptRecoveryCode(tx, user.id, code) : false;
}

/**
 * Runs `check` (which reads and spends the code inside a transaction holding the user's lock)
 * between a reservation against the account's sign-in limits and its settlement.
 */
async function limitedCodeCheck<T>(userId: number, meta: RequestMeta, device: string | null, check: () => Promise<T | null>): Promise<T | null> {
  const attempt = await reserveSignInAttempt(loginKey("", userId), limitIp(meta), device);
  let result: T | null;
  try {
    result = await check();
  } catch (error) {
    await signInFailed(attempt);
    throw error;
  }
  if (result === null) await signInFailed(attempt);
  else await signInSucceeded(attempt);
  return result;
}

const WRONG_CODE = "The code is not correct, or it was used already.";
const wrongCode = () => new ValidationFailed(WRONG_CODE, { code: [WRONG_CODE] });

// ---------------------------------------------------------------------------------------------
// Setup, enable, disable (the signed-in user)

/** A new secret for the account (not active until enabled with a code from it). */
export async function setupTwoFactor(userId: number, input: { password: string }, meta: RequestMeta) {
  const db = await getDb();
  const user = await confirmPassword(db, userId, input.password, meta, "password");
  if (user.twoFactorEnabledAt) throw new Conflict("Two-factor authentication is on already. Turn it off first to set up a new app.");
  const secret = new Secret({ size: 20 }).base32;
  const { ciphertext, keyId } = encryptSecret(userId, secret);
  await db.user.update({ where: { id: userId }, data: { twoFactorSecret: ciphertext, twoFactorKeyId: keyId, twoFactorLastStep: null } });
  return { secret, otpauthUrl: totpFor(secret, user.username).toString() };
}

/**
 * The secret of a setup not yet enabled (for the web page that shows it until a code confirms it),
 * or null when there is none or 2FA is on already (then the secret is never shown again).
 */
export async function pendingSetup(userId: number): Promise<{ secret: string; otpauthUrl: string } | null> {
  const user = await (await getDb()).user.findUnique({ where: { id: userId } });
  if (!user?.twoFactorSecret || !user.twoFactorKeyId || user.twoFactorEnabledAt) return null;
  const secret = decryptSecret(user.id, { ciphertext: user.twoFactorSecret, keyId: user.twoFactorKeyId });
  return { secret, otpauthUrl: totpFor(secret, user.username).toString() };
}

/** Turns 2FA on with a right code from the secret of the setup; returns the recovery codes (shown once). */
export async function enableTwoFactor(userId: number, input: { code: string }, meta: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  const db = await getDb();
  const recoveryCodes = await limitedCodeCheck(userId, meta, null, () =>
    db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      const user = await tx.user.findUnique({ where: { id: userId } });
      if (!user) throw new NotFound("This account no longer exists.");
      if (user.twoFactorEnabledAt) throw new Conflict("Two-factor authentication is on already.");
      if (!user.twoFactorSecret) throw new Conflict("Set up two-factor authentication first.");
      if (!(await acceptTotp(tx, user, input.code))) return null;
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await tx.user.update({ where: { id: userId }, data: { twoFactorEnabledAt: new Date() } });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: sha256(normalizeRecoveryCode(code)) })) });
      await recordActivity(tx, { userId, type: "two_factor_enabled", meta });
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "two-factor-changed", username: user.username, enabled: true, at: new Date().toISOString() },
      });
      return codes;
    }),
  );
  if (!recoveryCodes) throw wrongCode();
  return { recoveryCodes };
}

/** Turns 2FA off: the password and a code (or a recovery code). */
export async function disableTwoFactor(userId: number, input: { password: string; code: string }, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  const checked = await confirmPassword(db, userId, input.password, meta, "password");
  if (!checked.twoFactorEnabledAt) throw new Conflict("Two-factor authentication is not on.");
  const done = await limitedCodeCheck(userId, meta, null, () =>
    db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      const user = await tx.user.findUnique({ where: { id: userId } });
      if (!user) throw new NotFound("This account no longer exists.");
      if (!user.twoFactorEnabledAt) throw new Conflict("Two-factor authentication is not on.");
      if (!(await acceptCode(tx, user, input.code, true))) return null;
      await tx.user.update({
        where: { id: userId },
        data: { twoFactorSecret: null, twoFactorKeyId: null, twoFactorEnabledAt: null, twoFactorLastStep: null },
      });
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.mfaChallenge.deleteMany({ where: { userId } });
      await recordActivity(tx, { userId, type: "two_factor_disabled", meta });
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "two-factor-changed", username: user.username, enabled: false, at: new Date().toISOString() },
      });
      return true;
    }),
  );
  if (!done) throw wrongCode();
}

/**
 * Ten new recovery codes in place of the old ones, which stop working in the same transaction. After
 * the password or a current TOTP code (either counts toward the sign-in limits when wrong); recorded
 * as activity, and the account is told by e-mail (a stolen session must not swap the codes quietly).
 */
export async function regenerateRecoveryCodes(userId: number, input: RegenerateRecoveryCodesInput, meta: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  const db = await getDb();
  if (input.password !== undefined) await confirmPassword(db, userId, input.password, meta, "password");
  const codes = await limitedCodeCheck(userId, meta, null, () =>
    db.$transaction(async (tx) => {
      await lockUser(tx, userId);
      const user = await tx.user.findUnique({ where: { id: userId } });
      if (!user) throw new NotFound("This account no longer exists.");
      if (!user.twoFactorEnabledAt) throw new Conflict("Two-factor authentication is not on: there are no recovery codes to replace.");
      // Only a TOTP code: acceptCode without recovery refuses a recovery code as a wrong code.
      if (input.code !== undefined && !(await acceptCode(tx, user, input.code, false))) return null;
      const fresh = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await tx.recoveryCode.deleteMany({ where: { userId } });
      await tx.recoveryCode.createMany({ data: fresh.map((code) => ({ userId, codeHash: sha256(normalizeRecoveryCode(code)) })) });
      await recordActivity(tx, { userId, type: "recovery_codes_regenerated", meta });
      await enqueue(tx, QUEUES.sendEmail, {
        to: user.email,
        message: { template: "recovery-codes-regenerated", username: user.username, at: new Date().toISOString() },
      });
      return fresh;
    }),
  );
  if (!codes) throw wrongCode();
  return { recoveryCodes: codes };
}

/** How many unused recovery codes the account has left (for the security page). */
export async function recoveryCodesLeft(userId: number): Promise<number> {
  return (await getDb()).recoveryCode.count({ where: { userId, usedAt: null } });
}

// ---------------------------------------------------------------------------------------------
// Sign-in's second step

/** Who is signing in, as the first step verified it. */
export interface FirstFactor {
  user: { id: number; sessionVersion: number; twoFactorEnabledAt: Date | null };
  /** The device id of a valid device token the client presented (device-tokens.ts), or null. */
  deviceId: string | null;
}

/**
 * The second-factor gate every sign-in path passes with a verified user (password, identity
 * provider): nothing when the account has no second factor; otherwise throws MfaRequired with a
 * new challenge, and the sign-in goes on with completeSecondFactor.
 */
export async function requireSecondFactor(first: FirstFactor): Promise<void> {
  if (!first.user.twoFactorEnabledAt) return;
  const token = MFA_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const db = await getDb();
  const now = new Date();
  // Expired challenges protect nothing; removing them here keeps the table to five minutes of rows.
  await db.mfaChallenge.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.mfaChallenge.create({
    data: {
      tokenHash: sha256(token),
      userId: first.user.id,
      sessionVersion: first.user.sessionVersion,
      deviceId: first.deviceId,
      expiresAt: new Date(now.getTime() + MFA_TOKEN_TTL_SECONDS * 1000),
    },
  });
  throw new MfaRequired(token);
}

/**
 * Completes a sign-in with its `mfaToken` and a code (or a recovery code). Unknown, spent, expired
 * or exhausted tokens are 400 invalid_token; a wrong code is 401 and counts toward the account's
 * sign-in limits. The token is spent in the transaction that accepts the code, so it works once.
 */
export async function completeSecondFactor(mfaToken: string, code: string, meta: RequestMeta) {
  const db = await getDb();
  const tokenHash = sha256(mfaToken);
  const invalid = () => new InvalidToken("The sign-in has expired or was completed already. Sign in again.");
  // Unknown tokens are limited per IP like link tokens: guessing one is hopeless, but not free.
  await reserveLinkTokenAttempt(limitIp(meta));
  const challenge = await db.mfaChallenge.findUnique({ where: { tokenHash } });
  if (!challenge || challenge.usedAt || challenge.expiresAt.getTime() <= Date.now() || challenge.failures >= MFA_TOKEN_MAX_FAILURES) {
    throw invalid();
  }
  await linkTokenAccepted(limitIp(meta));

  // A state that ends the challenge (signed out everywhere, password changed or 2FA turned off since
  // the first step; the token spent meanwhile) throws invalid_token, which also counts as a failure.
  const user = await limitedCodeCheck(challenge.userId, meta, challenge.deviceId, async () => {
    // One of the token's MFA_TOKEN_MAX_FAILURES checks is taken before the code is looked at, in
    // one conditional UPDATE: reading the count above and adding to it after a wrong code let twenty
    // parallel requests all pass the read, and ten codes were checked against a cap of five (issue
    // 31). A right code gives its place back as it spends the token; a wrong one keeps it.
    const reserved = await db.mfaChallenge.updateMany({
      where: { id: challenge.id, usedAt: null, expiresAt: { gt: new Date() }, failures: { lt: MFA_TOKEN_MAX_FAILURES } },
      data: { failures: { increment: 1 } },
    });
    if (reserved.count !== 1) throw invalid();
    return db.$transaction(async (tx) => {
      await lockUser(tx, challenge.userId);
      const found = await tx.user.findUnique({ where: { id: challenge.userId } });
      if (!found || !found.twoFactorEnabledAt || found.sessionVersion !== challenge.sessionVersion) throw invalid();
      if (!(await acceptCode(tx, found, code, true))) return null;
      const spent = await tx.mfaChallenge.updateMany({
        where: { id: challenge.id, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date(), failures: { decrement: 1 } },
      });
      // Rolls back the spent code too: the other use of this token won.
      if (spent.count !== 1) throw invalid();
      // A recovery code was spent: the account is told, with how many are left (in this transaction,
      // so a sign-in that rolls back sends nothing). Someone who has the password and a recovery code
      // is in without the phone; the owner must hear of it.
      if (!isTotpCode(code)) {
        const left = await tx.recoveryCode.count({ where: { userId: found.id, usedAt: null } });
        await enqueue(tx, QUEUES.sendEmail, {
          to: found.email,
          message: { template: "recovery-code-used", username: found.username, left, at: new Date().toISOString() },
        });
      }
      return found;
    });
  });
  if (user === null) {
    await recordActivity(db, { userId: challenge.userId, type: "sign_in_failed", meta });
    throw new Unauthenticated(WRONG_CODE);
  }
  return { user, deviceId: challenge.deviceId };
}
