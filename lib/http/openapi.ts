/**
 * The OpenAPI 3.1 document of the JSON API, generated (zod-openapi) from the same zod schemas that
 * validate requests and shape responses, so it cannot describe something the server does not do.
 * tests/integration/contract.test.ts calls every route and validates the real responses against it.
 */
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { tokenResponseSchema } from "@/lib/auth/dto";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { logoutInputSchema, refreshInputSchema, registerInputSchema, signInInputSchema } from "@/lib/auth/schemas";
import { orderSchema } from "@/lib/orders/dto";
import { createOrderSchema, listOrdersQuerySchema } from "@/lib/orders/schemas";
import { quoteInputSchema, quoteSchema } from "@/lib/shipping/schemas";
import { changeRoleSchema, listUsersQuerySchema } from "@/lib/users/administration";
import { userSchema } from "@/lib/users/dto";
import { changePasswordSchema, deleteAccountSchema, updateProfileSchema } from "@/lib/users/schemas";
import { MAX_BODY_BYTES } from "./body";
import type { ErrorCode } from "./errors";

const errorCodes = [
  "validation_failed",
  "invalid_json",
  "unauthenticated",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "unavailable",
  "internal_error",
] as const satisfies readonly ErrorCode[];

export const errorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.enum(errorCodes).meta({ description: "Stable, machine-readable; switch on this, not on the message." }),
      message: z.string().meta({ description: "For people; may change." }),
      fields: z
        .record(z.string(), z.array(z.string()))
        .optional()
        .meta({ description: "Per-field messages for validation_failed and conflict." }),
    }),
  })
  .meta({
    id: "Error",
    description: "Every error has this shape.",
    example: { error: { code: "validation_failed", message: "The request is not valid.", fields: { email: ["Enter a valid email address."] } } },
  });

export const healthSchema = z
  .strictObject({
    status: z.enum(["ok", "unavailable"]),
    database: z.enum(["ok", "down"]),
    version: z.string(),
    error: errorSchema.shape.error.optional(),
  })
  .meta({ id: "Health", example: { status: "ok", database: "ok", version: "0.1.0" } });

const liveSchema = z.strictObject({ status: z.literal("ok") }).meta({ id: "Live" });

const profileSchema = z
  .strictObject({ user: userSchema, stats: z.strictObject({ orderCount: z.int().nonnegative() }) })
  .meta({ id: "Profile" });

const page = <T extends z.ZodType>(id: string, item: T) =>
  z
    .strictObject({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id });

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

const retryAfter = z.object({
  "Retry-After": z.string().meta({ description: "Seconds to wait before trying again.", example: "120" }),
});

const userResponse = z.strictObject({ user: userSchema }).meta({ id: "UserResponse" });
const orderResponse = z.strictObject({ order: orderSchema }).meta({ id: "OrderResponse" });

const errorResponses: Record<number, { description: string; example: ErrorCode; headers?: typeof retryAfter }> = {
  400: { description: "Invalid input (`validation_failed`, with `fields`) or malformed JSON (`invalid_json`).", example: "validation_failed" },
  401: { description: "No credentials, or an expired, revoked or tampered token.", example: "unauthenticated" },
  403: { description: "Signed in, but not allowed (role, or a cross-site request with the session cookie).", example: "forbidden" },
  404: { description: "Not found, or not yours.", example: "not_found" },
  409: { description: "Clashes with the current state; `fields` names the clashing field.", example: "conflict" },
  413: { description: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, example: "payload_too_large" },
  415: { description: "The body is not `application/json`.", example: "unsupported_media_type" },
  429: { description: "Rate limited; see Retry-After.", example: "rate_limited", headers: retryAfter },
  503: { description: "The database is unreachable; retry later.", example: "unavailable" },
};

function errors(...statuses: number[]): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    statuses.map((status) => {
      const { description, example, headers } = errorResponses[status]!;
      return [
        String(status),
        {
          description,
          ...(headers ? { headers } : {}),
          content: { "application/json": { schema: errorSchema, examples: { [example]: { value: { error: { code: example, message: description } } } } } },
        },
      ];
    }),
  );
}

const withBody = [400, 413, 415] as const;
const bearerOrCookie: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];
const idPath = (what: string) =>
  z.object({ id: z.string().regex(/^[1-9][0-9]*$/).meta({ description: `The ${what}'s id.`, example: "42" }) });

function operation(op: ZodOpenApiOperationObject & { operationId: string }): ZodOpenApiOperationObject {
  return op;
}

export function buildOpenApiDocument(version: string) {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Keel API",
      version,
      description:
        "The JSON API of Keel, for mobile apps, the web app's client components, scripts and other services. " +
        "Version 1 only ever grows: fields and routes are never renamed or removed. Times are ISO 8601 UTC; money is " +
        "integer cents plus a currency; weights are kilograms with at most 3 decimals. Authenticate with " +
        "`Authorization: Bearer <accessToken>` from POST /api/v1/auth/token, or the web app's session cookie. " +
        "On a 401, refresh once (POST /api/v1/auth/refresh); if that fails too, sign in again.",
    },
    servers: [{ url: "/", description: "This server" }],
    tags: [
      { name: "Auth", description: "Registration, tokens for mobile clients, sign-out." },
      { name: "Profile", description: "The signed-in user's own account." },
      { name: "Shipping and orders" },
      { name: "Administration", description: "ADMIN role only; everyone else gets 403." },
      { name: "Operations" },
    ],
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Access token from /api/v1/auth/token (15 minutes)." },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The web app's session cookie (`__Secure-` prefixed over HTTPS). State-changing calls must come from the app's own origin.",
        },
      },
    },
    paths: {
      "/api/v1/auth/register": {
        post: operation({
          operationId: "register",
          tags: ["Auth"],
          summary: "Create an account",
          description: `Username: 3-50 of [A-Za-z0-9_.-], unique case-insensitively. Email: at most 100 characters, stored lower-cased. Password: ${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters, not one of the most common passwords. Rate limited per client IP.`,
          requestBody: json(registerInputSchema.meta({ id: "RegisterRequest", example: { username: "ada_l", email: "ada@example.com", password: "correct horse battery staple" } })),
          responses: {
            "201": { description: "Created.", ...json(userResponse) },
            ...errors(...withBody, 409, 429, 503),
          },
        }),
      },
      "/api/v1/auth/token": {
        post: operation({
          operationId: "createToken",
          tags: ["Auth"],
          summary: "Sign in: get an access token and a refresh token",
          description:
            "`login` is the username or the email. A wrong password and an unknown login get the same 401. Send the `deviceToken` of this app's last sign-in to the account (if any): its attempts are then limited on their own (a few failures, then only this device waits), so guesses by others cannot lock it out. Without one, after 10 failed attempts on the account sign-in is refused (429) for a wait that doubles with each further failure.",
          requestBody: json(signInInputSchema.meta({ id: "TokenRequest", example: { login: "ada_l", password: "correct horse battery staple" } })),
          responses: { "200": { description: "Signed in.", ...json(tokenResponseSchema) }, ...errors(...withBody, 401, 429, 503) },
        }),
      },
      "/api/v1/auth/refresh": {
        post: operation({
          operationId: "refreshToken",
          tags: ["Auth"],
          summary: "Exchange a refresh token for a new pair",
          description:
            "The presented refresh token is spent. Presenting a spent token again is treated as theft: the whole session (every token of that sign-in) is revoked.",
          requestBody: json(refreshInputSchema.meta({ id: "RefreshRequest" })),
          responses: { "200": { description: "A new pair.", ...json(tokenResponseSchema) }, ...errors(...withBody, 401, 429, 503) },
        }),
      },
      "/api/v1/auth/logout": {
        post: operation({
          operationId: "logout",
          tags: ["Auth"],
          summary: "Sign out this device, or every device",
          description:
            "Revokes the presented session (the bearer token's, and the refresh token's when one is sent). With `allDevices: true`, every session and token of the user. A refresh token alone is enough (an app whose access token expired can still sign out).",
          security: [...bearerOrCookie, {}],
          requestBody: { required: false, ...json(logoutInputSchema.meta({ id: "LogoutRequest" })) },
          responses: { "204": { description: "Signed out." }, ...errors(...withBody, 401, 403, 503) },
        }),
      },
      "/api/v1/profile": {
        get: operation({
          operationId: "getProfile",
          tags: ["Profile"],
          summary: "The signed-in user",
          security: bearerOrCookie,
          responses: { "200": { description: "The profile.", ...json(profileSchema) }, ...errors(401, 503) },
        }),
        patch: operation({
          operationId: "updateProfile",
          tags: ["Profile"],
          summary: "Change username and/or email",
          security: bearerOrCookie,
          requestBody: json(updateProfileSchema.meta({ id: "UpdateProfileRequest", example: { username: "ada" } })),
          responses: {
            "200": { description: "Updated.", ...json(userResponse) },
            ...errors(...withBody, 401, 403, 409, 429, 503),
          },
        }),
        delete: operation({
          operationId: "deleteAccount",
          tags: ["Profile"],
          summary: "Delete your account and its orders",
          description: "Needs the password. Every token of the account stops working at once. The last administrator cannot delete their account (409).",
          security: bearerOrCookie,
          requestBody: json(deleteAccountSchema.meta({ id: "DeleteAccountRequest" })),
          responses: { "204": { description: "Deleted." }, ...errors(...withBody, 401, 403, 409, 429, 503) },
        }),
      },
      "/api/v1/profile/password": {
        post: operation({
          operationId: "changePassword",
          tags: ["Profile"],
          summary: "Change your password",
          description:
            "Revokes every session and token of the user, including the caller's: a browser receives a new session cookie in the response; a mobile app signs in again with the new password.",
          security: bearerOrCookie,
          requestBody: json(changePasswordSchema.meta({ id: "ChangePasswordRequest" })),
          responses: { "204": { description: "Changed." }, ...errors(...withBody, 401, 403, 429, 503) },
        }),
      },
      "/api/v1/shipping/quote": {
        post: operation({
          operationId: "quoteShipping",
          tags: ["Shipping and orders"],
          summary: "Price a parcel",
          description:
            "US 250 cents/kg, EU (the 27 member states) 300, everywhere else 400; weight x rate rounded half-up to the cent. Signed-in users with more than 50 orders get 10% off. Anonymous quotes get no discount.",
          security: [...bearerOrCookie, {}],
          requestBody: json(quoteInputSchema.meta({ id: "QuoteRequest", example: { weightKg: 2.1, destination: "DE" } })),
          responses: {
            "200": { description: "The quote.", ...json(z.strictObject({ quote: quoteSchema }).meta({ id: "QuoteResponse" })) },
            ...errors(...withBody, 401, 403, 503),
          },
        }),
      },
      "/api/v1/orders": {
        get: operation({
          operationId: "listOrders",
          tags: ["Shipping and orders"],
          summary: "Your orders, newest first",
          security: bearerOrCookie,
          requestParams: { query: listOrdersQuerySchema },
          responses: { "200": { description: "A page of orders.", ...json(page("OrderPage", orderSchema)) }, ...errors(400, 401, 503) },
        }),
        post: operation({
          operationId: "createOrder",
          tags: ["Shipping and orders"],
          summary: "Place an order",
          description:
            "The price is computed by the server. With `reference`, retrying returns the original order (200) instead of placing another; the same reference with a different parcel is 409.",
          security: bearerOrCookie,
          requestBody: json(createOrderSchema.meta({ id: "CreateOrderRequest", example: { weightKg: 2.1, destination: "DE", reference: "web-2026-11-24-0001" } })),
          responses: {
            "201": { description: "Placed.", ...json(orderResponse) },
            "200": { description: "Already placed with this reference.", ...json(orderResponse) },
            ...errors(...withBody, 401, 403, 409, 503),
          },
        }),
      },
      "/api/v1/orders/{id}": {
        get: operation({
          operationId: "getOrder",
          tags: ["Shipping and orders"],
          summary: "One of your orders",
          security: bearerOrCookie,
          requestParams: { path: idPath("order") },
          responses: {
            "200": { description: "The order.", ...json(orderResponse) },
            ...errors(401, 404, 503),
          },
        }),
      },
      "/api/v1/admin/users": {
        get: operation({
          operationId: "listUsers",
          tags: ["Administration"],
          summary: "List and search users",
          security: bearerOrCookie,
          requestParams: { query: listUsersQuerySchema },
          responses: { "200": { description: "A page of users.", ...json(page("UserPage", userSchema)) }, ...errors(400, 401, 403, 503) },
        }),
      },
      "/api/v1/admin/users/{id}": {
        patch: operation({
          operationId: "changeUserRole",
          tags: ["Administration"],
          summary: "Change a user's role",
          description: "The last administrator cannot be demoted (409). Takes effect on the user's next request.",
          security: bearerOrCookie,
          requestParams: { path: idPath("user") },
          requestBody: json(changeRoleSchema.meta({ id: "ChangeRoleRequest", example: { role: "ADMIN" } })),
          responses: {
            "200": { description: "Changed.", ...json(userResponse) },
            ...errors(...withBody, 401, 403, 404, 409, 503),
          },
        }),
        delete: operation({
          operationId: "deleteUser",
          tags: ["Administration"],
          summary: "Delete a user and their orders",
          description: "Their tokens and cookies stop working at once. The last administrator cannot be deleted (409).",
          security: bearerOrCookie,
          requestParams: { path: idPath("user") },
          responses: { "204": { description: "Deleted." }, ...errors(401, 403, 404, 409, 503) },
        }),
      },
      "/api/v1/health": {
        get: operation({
          operationId: "health",
          tags: ["Operations"],
          summary: "Readiness: the server and its database",
          description: "200 after a real round trip to the database; 503 when the database does not answer within 800 ms.",
          responses: {
            "200": { description: "Healthy.", ...json(healthSchema) },
            "503": { description: "The database is down.", ...json(healthSchema) },
          },
        }),
      },
      "/api/v1/health/live": {
        get: operation({
          operationId: "live",
          tags: ["Operations"],
          summary: "Liveness: the process answers (no database round trip)",
          responses: { "200": { description: "Alive.", ...json(liveSchema) } },
        }),
      },
      "/api/v1/openapi.json": {
        get: operation({
          operationId: "openapi",
          tags: ["Operations"],
          summary: "This document",
          responses: { "200": { description: "OpenAPI 3.1 document.", content: { "application/json": { schema: z.looseObject({}) } } } },
        }),
      },
    },
  });
}
