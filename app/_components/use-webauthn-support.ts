"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * Whether this browser can use passkeys: null while rendering on the server (and hydrating), so
 * the passkey controls appear only where they can work, without a flash of a button that cannot.
 */
export function useWebAuthnSupport(): boolean | null {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => null);
}
