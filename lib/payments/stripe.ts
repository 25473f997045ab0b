/**
 * The Stripe SDK, configured once (STRIPE_SECRET_KEY; STRIPE_API_URL points it at another server,
 * such as the stand-in the tests start). Every call is bounded: a payment start waits for Stripe
 * while it holds the order's lock, so a slow Stripe must fail fast (503) instead of piling up requests.
 */
import "server-only";
import Stripe from "stripe";
import { getConfig } from "@/lib/env";
import { Unavailable } from "@/lib/errors";
import { log } from "@/lib/log";
import { processState } from "@/lib/process-singleton";

/** Per request; with one retry a call gives up after about twice this. */
export const STRIPE_TIMEOUT_MS = 5_000;

/** Stripe's webhook tolerance: a signature older (or newer) than this is refused (a replay). */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

// Replaced when the account changes (tests switch configurations within one process).
const cache = processState("payments:stripe", (): { current?: { key: string; client: Stripe } } => ({}));

/** The SDK for the configured account; null when Stripe is not the provider. */
export function stripeClient(): Stripe | null {
  const config = getConfig().payments.stripe;
  if (!config) return null;
  const key = `${config.secretKey}|${config.apiUrl ?? ""}`;
  if (cache.current?.key !== key) {
    const api = config.apiUrl ? new URL(config.apiUrl) : null;
    const client = new Stripe(config.secretKey, {
      ...(api ? { host: api.hostname, port: api.port || (api.protocol === "https:" ? 443 : 80), protocol: api.protocol === "https:" ? "https" : "http" } : {}),
      maxNetworkRetries: 1,
      timeout: STRIPE_TIMEOUT_MS,
      telemetry: false,
    });
    cache.current = { key, client };
  }
  return cache.current.client;
}

/**
 * Stripe's own webhook helpers (signature checks) do not need an account's key, only the SDK; a
 * placeholder-keyed client serves them when Stripe is not configured (tests sign events with it).
 */
export function stripeWebhooks(): Stripe["webhooks"] {
  return (stripeClient() ?? new Stripe("sk_test_unused")).webhooks;
}

/**
 * Runs a call to Stripe; any failure (down, timing out, refusing our request) becomes a 503 for the
 * client, logged with Stripe's error type and request id, never with the key.
 */
export async function callStripe<T>(what: string, call: (stripe: Stripe) => Promise<T>): Promise<T> {
  const stripe = stripeClient();
  if (!stripe) throw new Unavailable("Card payments are not configured on this server.");
  try {
    return await call(stripe);
  } catch (error) {
    const fields =
      error instanceof Stripe.errors.StripeError
        ? { stripeErrorType: error.type, stripeCode: error.code, stripeRequestId: error.requestId, statusCode: error.statusCode }
        : {};
    log.error(`Stripe: ${what} failed`, error instanceof Stripe.errors.StripeError ? undefined : error, fields);
    throw new Unavailable("The payment service cannot be reached right now. Nothing was charged; try again shortly.");
  }
}
