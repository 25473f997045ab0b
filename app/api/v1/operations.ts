/**
 * Every operation of the JSON API, from the route files that declare them. The OpenAPI document
 * (/api/v1/openapi.json and the /docs/api page) is built from this list, and the contract test
 * checks the server against it; operations.test.ts checks that every route file is listed here.
 *
 * How to add a route:
 * 1. Write the domain function in lib/<domain> (one verb, its zod input schema beside it, a DTO out).
 * 2. In app/api/v1/<path>/route.ts, declare `const <operationId>Route = route({ method, path,
 *    operationId, tag, summary, access, body?/query?/params?, responses, errors?, examples },
 *    handler)` for each method, and end the file with
 *    `export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(<the declared routes>);`
 *    (405 with Allow for the methods not declared). The handler gets the parsed `body`, `query`,
 *    `params` and the `caller`, calls the domain function and returns `json(...)` or `noContent()`.
 *    `errors` names only what the domain function raises (the codes are in lib/errors.ts); what
 *    follows from access and input (400, 401, 403, 404, 413, 415, 503) is added to the document by
 *    itself.
 * 3. Import the route module below and add it to `routeModules`, keyed by its folder.
 * Nothing else: the document, the docs page, the contract test's list and the error mapping follow.
 */
import { getConfig } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/http/openapi";
import type { Operation, RouteHandler } from "@/lib/http/route";
import { INTEGRATIONS_GUIDE } from "./integrations-guide";
import * as adminOrderStatus from "./admin/orders/[id]/status/route";
import * as adminOrders from "./admin/orders/route";
import * as adminRates from "./admin/shipping/rates/route";
import * as adminJobRetry from "./admin/jobs/[id]/retry/route";
import * as adminJobs from "./admin/jobs/route";
import * as adminUser from "./admin/users/[id]/route";
import * as adminUsers from "./admin/users/route";
import * as logout from "./auth/logout/route";
import * as oidcToken from "./auth/oidc/token/route";
import * as passwordResetConfirm from "./auth/password-reset/confirm/route";
import * as passwordReset from "./auth/password-reset/route";
import * as refresh from "./auth/refresh/route";
import * as register from "./auth/register/route";
import * as token from "./auth/token/route";
import * as tokenTwoFactor from "./auth/token/two-factor/route";
import * as profileActivity from "./profile/activity/route";
import * as profileSession from "./profile/sessions/[id]/route";
import * as profileSessions from "./profile/sessions/route";
import * as twoFactorDisable from "./profile/two-factor/disable/route";
import * as twoFactorEnable from "./profile/two-factor/enable/route";
import * as twoFactorRecoveryCodes from "./profile/two-factor/recovery-codes/route";
import * as twoFactorSetup from "./profile/two-factor/setup/route";
import * as adminActivity from "./admin/activity/route";
import * as verifyEmail from "./auth/verify-email/route";
import * as healthLive from "./health/live/route";
import * as healthReady from "./health/ready/route";
import * as runJobs from "./internal/jobs/run/route";
import * as health from "./health/route";
import * as openapi from "./openapi.json/route";
import * as cancelOrder from "./orders/[id]/cancel/route";
import * as order from "./orders/[id]/route";
import * as orders from "./orders/route";
import * as profileEmailVerification from "./profile/email-verification/route";
import * as profileIdentity from "./profile/identities/[id]/route";
import * as profileIdentities from "./profile/identities/route";
import * as profilePassword from "./profile/password/route";
import * as profile from "./profile/route";
import * as quote from "./shipping/quote/route";
import * as profileAddresses from "./profile/addresses/route";
import * as profileAddress from "./profile/addresses/[id]/route";
import * as rates from "./shipping/rates/route";
import * as passkeySignInOptions from "./auth/passkey/options/route";
import * as passkeyToken from "./auth/passkey/token/route";
import * as profilePasskeyOptions from "./profile/passkeys/options/route";
import * as profilePasskeys from "./profile/passkeys/route";
import * as profilePasskey from "./profile/passkeys/[id]/route";
import * as orderPayment from "./orders/[id]/payment/route";
import * as testPaymentConfirm from "./payments/test/confirm/route";
import * as stripeWebhook from "./webhooks/stripe/route";
import * as apiKey from "./profile/api-keys/[id]/route";
import * as apiKeys from "./profile/api-keys/route";
import * as webhookDeliveries from "./profile/webhooks/[id]/deliveries/route";
import * as webhookDeliveryRetry from "./profile/webhooks/[id]/deliveries/[deliveryId]/retry/route";
import * as webhook from "./profile/webhooks/[id]/route";
import * as webhookSecret from "./profile/webhooks/[id]/secret/route";
import * as webhooks from "./profile/webhooks/route";
import * as orderLabel from "./orders/[id]/label/route";
import * as adminTrackingEvents from "./admin/orders/[id]/tracking-events/route";
import * as track from "./track/[trackingNumber]/route";

/** Route modules by their folder under app/api/v1, in the order the document lists them. */
export const routeModules: Record<string, Record<string, unknown>> = {
  "auth/register": register,
  "auth/token": token,
  "auth/token/two-factor": tokenTwoFactor,
  "auth/refresh": refresh,
  "auth/logout": logout,
  "auth/oidc/token": oidcToken,
  "auth/password-reset": passwordReset,
  "auth/password-reset/confirm": passwordResetConfirm,
  "auth/verify-email": verifyEmail,
  profile,
  "profile/password": profilePassword,
  "profile/email-verification": profileEmailVerification,
  "profile/sessions": profileSessions,
  "profile/sessions/[id]": profileSession,
  "profile/activity": profileActivity,
  "profile/two-factor/setup": twoFactorSetup,
  "profile/two-factor/enable": twoFactorEnable,
  "profile/two-factor/disable": twoFactorDisable,
  "profile/two-factor/recovery-codes": twoFactorRecoveryCodes,
  "profile/identities": profileIdentities,
  "profile/identities/[id]": profileIdentity,
  "profile/addresses": profileAddresses,
  "profile/addresses/[id]": profileAddress,
  "shipping/quote": quote,
  "shipping/rates": rates,
  orders,
  "orders/[id]": order,
  "orders/[id]/cancel": cancelOrder,
  "admin/users": adminUsers,
  "admin/users/[id]": adminUser,
  "admin/orders": adminOrders,
  "admin/orders/[id]/status": adminOrderStatus,
  "admin/shipping/rates": adminRates,
  "admin/jobs": adminJobs,
  "admin/jobs/[id]/retry": adminJobRetry,
  "admin/activity": adminActivity,
  health,
  "health/live": healthLive,
  "health/ready": healthReady,
  "internal/jobs/run": runJobs,
  "openapi.json": openapi,
  "auth/passkey/options": passkeySignInOptions,
  "auth/passkey/token": passkeyToken,
  "profile/passkeys/options": profilePasskeyOptions,
  "profile/passkeys": profilePasskeys,
  "profile/passkeys/[id]": profilePasskey,
  "orders/[id]/payment": orderPayment,
  "payments/test/confirm": testPaymentConfirm,
  "webhooks/stripe": stripeWebhook,
  // API keys and webhooks (issue 30).
  "profile/api-keys": apiKeys,
  "profile/api-keys/[id]": apiKey,
  "profile/webhooks": webhooks,
  "profile/webhooks/[id]": webhook,
  "profile/webhooks/[id]/secret": webhookSecret,
  "profile/webhooks/[id]/deliveries": webhookDeliveries,
  "profile/webhooks/[id]/deliveries/[deliveryId]/retry": webhookDeliveryRetry,
  // Labels and tracking (issue 27).
  "orders/[id]/label": orderLabel,
  "track/[trackingNumber]": track,
  "admin/orders/[id]/tracking-events": adminTrackingEvents,
};

function isDeclared(value: unknown): value is RouteHandler {
  return typeof value === "function" && "operation" in value;
}

/** Read when called, not at import: the openapi.json route imports this module from inside its handler. */
export function operations(): Operation[] {
  return Object.values(routeModules).flatMap((module) => Object.values(module).filter(isDeclared).map((handler) => handler.operation));
}

export function openApiDocument() {
  return buildOpenApiDocument(getConfig().version, operations(), [INTEGRATIONS_GUIDE]);
}
