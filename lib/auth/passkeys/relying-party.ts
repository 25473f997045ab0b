/**
 * The relying party a passkey belongs to: its RP ID (a domain; WEBAUTHN_RP_ID, else APP_URL's
 * hostname) and the origins whose answers are accepted (APP_URL and WEBAUTHN_ORIGINS, the latter
 * for apps: Android's `android:apk-key-hash:...` facets). Validated at start in lib/env.ts.
 *
 * Without APP_URL (development) the request's own origin stands in, as it does for the same-origin
 * check (lib/http/origin.ts): a passkey made on http://localhost:3000 belongs to `localhost`.
 */
import "server-only";
import { getConfig } from "@/lib/env";
import { Unavailable } from "@/lib/errors";
import { expectedOrigin } from "@/lib/http/origin";

/** The name authenticators show beside the account ("Keel: ada_l"). */
export const RP_NAME = "Keel";

export interface RelyingParty {
  rpId: string;
  origins: string[];
}

export function relyingParty(requestHeaders: Headers): RelyingParty {
  const { webauthn } = getConfig();
  const own = expectedOrigin(requestHeaders);
  const rpId = webauthn.rpId ?? (own ? new URL(own).hostname : null);
  // No APP_URL and no Host header: there is no domain to bind a passkey to.
  if (!rpId) throw new Unavailable("Passkeys need APP_URL (or WEBAUTHN_RP_ID) to be set.");
  return { rpId, origins: [...(own ? [own] : []), ...webauthn.extraOrigins] };
}
