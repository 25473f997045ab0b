/**
 * The OpenAPI 3.1 document of the JSON API, generated (zod-openapi) from the operations' own
 * declarations (lib/http/route.ts; the list is app/api/v1/operations.ts), so it cannot describe
 * something the server does not do. Nothing here names a path: what is specific to an operation is
 * in its declaration, and what follows from access, body and error codes is derived below.
 * tests/integration/contract.test.ts calls every route and validates the real responses against it.
 */
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session";
import { getConfig } from "@/lib/env";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { MAX_BODY_BYTES } from "./body";
import { errorSchema } from "./errors";
import { type Operation, SAFE_METHODS, TAGS, type Tag } from "./route";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

const retryAfter = z.object({
  "Retry-After": z.string().meta({ description: "Seconds to wait before trying again.", example: "120" }),
});

type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** How each error status is explained, with the code its example shows. */
const errorResponses: Partial<Record<ErrorStatus, { description: string; example: ErrorCode; headers?: typeof retryAfter }>> = {
  400: {
    description:
      "Invalid input (`validation_failed`, with `fields`), malformed JSON (`invalid_json`), or on the routes that take a link's token, a token that is unknown, spent or expired (`invalid_token`).",
    example: "validation_failed",
  },
  401: { description: "No credentials, or an expired, revoked or tampered token.", example: "unauthenticated" },
  403: { description: "Signed in, but not allowed (role, or a cross-site request with the session cookie).", example: "forbidden" },
  404: { description: "Not found, or not yours.", example: "not_found" },
  409: { description: "Clashes with the current state; `fields` names the clashing field.", example: "conflict" },
  413: { description: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`, example: "payload_too_large" },
  415: { description: "The body is not `application/json`.", example: "unsupported_media_type" },
  429: { description: "Rate limited; see Retry-After.", example: "rate_limited", headers: retryAfter },
  503: { description: "The database is unreachable; retry later.", example: "unavailable" },
};

/** Every error code an operation can answer with: the declared ones plus those its shape implies. */
function errorCodesOf(operation: Operation): Set<ErrorCode> {
  const codes = new Set<ErrorCode>(operation.errors ?? []);
  if (operation.body) ["validation_failed", "invalid_json", "payload_too_large", "unsupported_media_type"].forEach((c) => codes.add(c as ErrorCode));
  if (operation.query) codes.add("validation_failed");
  if (operation.params) codes.add("not_found");
  if (operation.access !== "public") codes.add("unauthenticated");
  if (operation.access === "admin" || (operation.access !== "public" && !SAFE_METHODS.has(operation.method))) codes.add("forbidden");
  if (operation.database !== false) codes.add("unavailable");
  return codes;
}

function errorResponsesOf(operation: Operation): ZodOpenApiResponsesObject {
  const statuses = [...new Set([...errorCodesOf(operation)].map((code) => ERROR_STATUS[code]))].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.flatMap((status) => {
      const spec = errorResponses[status];
      if (!spec || operation.responses[status]) return [];
      const { description, example, headers } = spec;
      return [
        [
          String(status),
          {
            description,
            ...(headers ? { headers } : {}),
            content: { "application/json": { schema: errorSchema, examples: { [example]: { value: { error: { code: example, message: description } } } } } },
          },
        ],
      ];
    }),
  );
}

const bearerOrCookie: Record<string, string[]>[] = [{ bearerAuth: [] }, { sessionCookie: [] }];

function operationObject(operation: Operation): ZodOpenApiOperationObject {
  const description = typeof operation.description === "function" ? operation.description() : operation.description;
  const successes = Object.fromEntries(
    Object.entries(operation.responses).map(([status, spec]) => [
      status,
      { description: spec!.description, ...(spec!.headers ? { headers: spec!.headers } : {}), ...(spec!.schema ? json(spec!.schema) : {}) },
    ]),
  );
  const requestParams = {
    ...(operation.params ? { path: operation.params.schema } : {}),
    ...(operation.query ? { query: operation.query as z.ZodObject } : {}),
  };
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(description ? { description } : {}),
    ...(operation.security
      ? { security: [{ [operation.security]: [] }] }
      : operation.access === "optional"
        ? { security: [...bearerOrCookie, {}] }
        : operation.access === "public"
          ? {}
          : { security: bearerOrCookie }),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(operation.body ? { requestBody: { ...(operation.bodyOptional ? { required: false } : {}), ...json(operation.body) } } : {}),
    responses: { ...successes, ...errorResponsesOf(operation) },
  };
}

export function buildOpenApiDocument(version: string, operations: readonly Operation[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method.toLowerCase()]: operationObject(operation) };
  }
  const accessTokenMinutes = getConfig().auth.accessTokenTtlSeconds / 60;
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
    tags: (Object.entries(TAGS) as [Tag, string | undefined][]).map(([name, description]) => (description ? { name, description } : { name })),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: `Access token from /api/v1/auth/token (${accessTokenMinutes} minutes).`,
        },
        cronSecret: {
          type: "http",
          scheme: "bearer",
          description: "The CRON_SECRET of the deployment (Vercel Cron sends it as `Authorization: Bearer ${CRON_SECRET}`).",
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE_NAMES[1],
          description: "The web app's session cookie (`__Secure-` prefixed over HTTPS). State-changing calls must come from the app's own origin.",
        },
      },
    },
    paths,
  });
}
