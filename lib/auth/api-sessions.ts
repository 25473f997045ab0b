/**
 * Sessions of API (mobile) clients: sign in for an access + refresh token pair, refresh, sign out.
 * API.md, Auth: POST /api/v1/auth/token, /refresh, /logout.
 */
import { getDb } from "@/lib/db/client";
import { Unauthenticated } from "@/lib/errors";
import { getConfig } from "@/lib/env";
import { toUserDto } from "@/lib/users/dto";
import type { TokenResponse } from "./dto";
import { verifyCredentials, WRONG_CREDENTIALS } from "./credentials";
import type { Caller } from "./guard";
import { consumeRefresh } from "./rate-limits";
import { findRefreshFamily, type IssuedRefreshToken, rotateRefreshToken, startRefreshFamily } from "./refresh-tokens";
import { lockUser } from "@/lib/db/locks";
import { revokeAllSessions, revokeSession } from "./revocation";
import type { LogoutInput, SignInInput } from "./schemas";
import { nowInSeconds, signToken } from "./tokens";


type TokenUser = Parameters<typeof toUserDto>[0] & { sessionVersion: number };

async function tokenResponse(user: TokenUser, refresh: IssuedRefreshToken, signedInAt: Date): Promise<TokenResponse> {
  const ttl = getConfig().auth.accessTokenTtlSeconds;
  const accessToken = await signToken(
    "access",
    {
      userId: user.id,
      sessionVersion: user.sessionVersion,
      sessionId: refresh.familyId,
      authTime: Math.floor(signedInAt.getTime() / 1000),
    },
    nowInSeconds() + ttl,
  );
  return {
    accessToken,
    tokenType: "Bearer",
    expiresIn: ttl,
    refreshToken: refresh.token,
    refreshExpiresIn: Math.floor((refresh.expiresAt.getTime() - Date.now()) / 1000),
    user: toUserDto(user),
  };
}

export async function signInForTokens(input: SignInInput, clientIp: string): Promise<TokenResponse> {
  const { user, deviceToken } = await verifyCredentials(input, clientIp, input.deviceToken);
  const refresh = await (await getDb()).$transaction(async (tx) => {
    // Checking the password takes a while (bcrypt). If the password was changed, or every session
    // signed out, in that time, this sign-in must not start a session that survives it.
    await lockUser(tx, user.id);
    const current = await tx.user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } });
    if (current?.sessionVersion !== user.sessionVersion) throw new Unauthenticated(WRONG_CREDENTIALS);
    return startRefreshFamily(tx, user.id);
  });
  return { ...(await tokenResponse(user, refresh, new Date())), deviceToken };
}

export async function refreshTokens(refreshToken: string, clientIp: string): Promise<TokenResponse> {
  await consumeRefresh(clientIp);
  const rotated = await rotateRefreshToken(refreshToken);
  // The session version read under the row lock: a concurrent sign-out everywhere revokes this token.
  return tokenResponse(rotated.user, rotated, rotated.signedInAt);
}

/**
 * Signs out the presented session (the caller's, and the refresh token's family when one is sent),
 * or every session of the user with `allDevices`. A refresh token alone is enough, so an app whose
 * access token has expired can still sign out; a refresh token of another user is ignored.
 */
export async function signOutSessions(caller: Caller | null, input: LogoutInput): Promise<void> {
  const db = await getDb();
  const family = input.refreshToken ? await findRefreshFamily(db, input.refreshToken) : null;
  const userId = caller?.user.id ?? family?.userId;
  if (userId === undefined) throw new Unauthenticated();

  if (input.allDevices) {
    // Ending every session needs a live credential. A spent, revoked or expired refresh token
    // proves nothing any more; accepting it let anyone with an old copy end the user's newer
    // sessions again and again.
    if (!caller && !family?.live) throw new Unauthenticated("The refresh token is not valid. Sign in again.");
    await revokeAllSessions(db, userId);
    return;
  }
  const accessTtl = getConfig().auth.accessTokenTtlSeconds;
  await db.$transaction(async (tx) => {
    await lockUser(tx, userId);
    if (caller) {
      // A web cookie's expiry is its session's end. A device's access token is not: a later refresh
      // may have issued a newer one that expires after the token presented here.
      const presentedExpiry = caller.tokenExpiresAt * 1000;
      const until = caller.via === "cookie" ? presentedExpiry : Math.max(presentedExpiry, Date.now() + accessTtl * 1000);
      await revokeSession(tx, { sessionId: caller.sessionId, userId, until: new Date(until) });
    }
    if (family && family.userId === userId && family.familyId !== caller?.sessionId) {
      await revokeSession(tx, { sessionId: family.familyId, userId, until: new Date(Date.now() + accessTtl * 1000) });
    }
  });
}
