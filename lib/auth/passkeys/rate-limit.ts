import "server-only";
import { getConfig } from "@/lib/env";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";

/**
 * Passkey sign-in requests (options asked for and answers checked, API and web) per client IP in 15
 * minutes. A signature cannot be guessed; the limit keeps each challenge row and each signature
 * check from becoming free load. It guards a sign-in, so it refuses while Redis is away.
 */
const passkeySignInIpLimit = defineLimit({ name: "passkey-sign-in-ip", points: () => getConfig().rateLimits.passkeySignInsPerIp, durationSeconds: FIFTEEN_MINUTES });

export async function consumePasskeySignIn(ip: string): Promise<void> {
  await consumeAll([[passkeySignInIpLimit, ip]], "Too many sign-ins with a passkey. Try again later.");
}
