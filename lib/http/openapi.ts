/**
 * The OpenAPI 3.1 document of the JSON API, generated (zod-openapi) from the operations' own
 * declarations (lib/http/route.ts; the list is app/api/v1/operations.ts), so it cannot describe
 * something the server does not do. Nothing here names a path: what is specific to an operation is
 * in its declaration, and what follows from access, body and error codes is derived below.
 * tests/integration/contract.test.ts calls every route and validates the real responses against it.
 */
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/sessions/session";
import { getConfig } from "@/lib/env";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { MAX_BODY_BYTES } from "./body";
import { errorSchema } from "./errors";
import { type Operation, type OperationExamples, SAFE_METHODS, TAGS, type Tag } from "./route";

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

const retryAfter = z.object({
  "Retry-After": z.string().meta({ description: "Seconds to wait before trying again.", example: "120" }),
});

type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** How each error status is explained, with the code its example shows (a table: its rows look alike). */
const errorResponses: Partial<Record<ErrorStatus, { description: string; example: ErrorCode; headers?: typeof retryAfter }>> = {
  400: {
    description:
      "Invalid input (`validation_failed`, with `fields`), malformed JSON (`invalid_json`), or on the routes that take a link's token, a token that is unknown, spent or expired (`invalid_token`).",
    example: "validation_failed",
  },
  401: { description: "No credentials, or an expired, revoked or tampered token.", example: "unauthenticated" },
  402: { description: "The card was declined; nothing was charged.", example: "payment_declined" },
  403: {
    description:
      "Signed in, but not allowed (role; an API key on a route keys may not use, or without the route's scope; or a cross-site request with the session cookie).",
    example: "forbidden",
  },
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
  // Any route that reads credentials may be sent an API key: 403 when the route refuses keys or the
  // key lacks its scope, 429 when the key's budget (or the client's bad keys) is spent.
  if (operation.access !== "public") ["forbidden", "rate_limited"].forEach((c) => codes.add(c as ErrorCode));
  return codes;
}

function errorResponsesOf(operation: Operation): ZodOpenApiResponsesObject {
  const statuses = [...new Set([...errorCodesOf(operation)].map((code) => ERROR_STATUS[code]))].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.flatMap((status) => {
      const spec = errorResponses[status];
      // A status with no description here would vanish from the document (as 402 once did): fail loudly.
      if (!spec) throw new Error(`${operation.method} ${operation.path}: no error response described for ${status}`);
      if (operation.responses[status]) return [];
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

/** Routes that take API keys name the scope a key needs (OpenAPI 3.1 allows scopes on any scheme). */
const withApiKey = (operation: Operation): Record<string, string[]>[] => (operation.apiKeyScope ? [{ apiKey: [operation.apiKeyScope] }] : []);

function operationObject(operation: Operation): ZodOpenApiOperationObject {
  const description = typeof operation.description === "function" ? operation.description() : operation.description;
  const successes = Object.fromEntries(
    Object.entries(operation.responses).map(([status, spec]) => [
      status,
      {
        description: spec!.description,
        ...(spec!.headers ? { headers: spec!.headers } : {}),
        ...(spec!.schema ? (spec!.mediaType ? { content: { [spec!.mediaType]: { schema: spec!.schema } } } : json(spec!.schema)) : {}),
      },
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
        ? { security: [...bearerOrCookie, ...withApiKey(operation), {}] }
        : operation.access === "public"
          ? {}
          : { security: [...bearerOrCookie, ...withApiKey(operation)] }),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(operation.body ? { requestBody: { ...(operation.bodyOptional ? { required: false } : {}), ...json(operation.body) } } : {}),
    responses: { ...successes, ...errorResponsesOf(operation) },
  };
}

/**
 * The guide at the top of the reference (Markdown, rendered by /docs/api): the token flow a mobile
 * app follows, with the README's curl examples, so a developer can start from this page alone.
 */
function guide(accessTokenMinutes: number): string {
  return `The JSON API of Keel, for mobile apps, the web app's client components, scripts and other services.
Version 1 only ever grows: fields and routes are never renamed or removed. JSON in and out; times are
ISO 8601 UTC; money is integer cents plus a \`currency\`; weights are kilograms with at most 3 decimals.

## Getting started: the token flow

1. **Sign in** with \`POST /api/v1/auth/token\` (username or e-mail, and password). The answer holds an
   access token (${accessTokenMinutes} minutes) and a refresh token (single use).
2. **Call** the API with \`Authorization: Bearer <accessToken>\`.
3. **On a 401**, refresh once with \`POST /api/v1/auth/refresh\` and retry with the new access token. Store
   the new refresh token from every answer; if the refresh is refused too, the session is over: sign in again.
   Never refresh the same token from two places at once: a spent refresh token presented again revokes the session.
4. **Sign out** with \`POST /api/v1/auth/logout\` (this device, or every device with \`{"allDevices":true}\`).

\`\`\`sh
BASE=https://keel.example.com

# Register (201 { user })
curl -s $BASE/api/v1/auth/register -H 'content-type: application/json' \\
  -d '{"username":"ada_l","email":"ada@example.com","password":"correct horse battery staple"}'

# Sign in: an access token and a refresh token
curl -s $BASE/api/v1/auth/token -H 'content-type: application/json' \\
  -d '{"login":"ada@example.com","password":"correct horse battery staple"}'

# Call the API with the access token
curl -s $BASE/api/v1/profile -H "authorization: Bearer $ACCESS"
curl -s $BASE/api/v1/orders -H "authorization: Bearer $ACCESS" -H 'content-type: application/json' \\
  -d '{"weightKg":2.1,"destination":"DE","reference":"app-7f3a-0001"}'

# When the access token expires (401): a new pair for the refresh token (the old one is spent)
curl -s $BASE/api/v1/auth/refresh -H 'content-type: application/json' -d "{\\"refreshToken\\":\\"$REFRESH\\"}"

# Sign out this device (204)
curl -s -X POST $BASE/api/v1/auth/logout -H "authorization: Bearer $ACCESS" \\
  -H 'content-type: application/json' -d "{\\"refreshToken\\":\\"$REFRESH\\"}"
\`\`\`

Errors are \`{"error":{"code","message","fields"?}}\` with the status each operation lists; a 429 carries
\`Retry-After\`. With \`reference\`, creating an order is idempotent: retry with the same one safely.
The web app's session cookie authenticates API calls too (state-changing calls only from the app's own origin).`;
}

/**
 * `sections`: more Markdown for the guide, from the features that own it (the integrations guide,
 * app/api/v1/integrations-guide.ts), so this transport module imports no feature.
 */
export function buildOpenApiDocument(version: string, operations: readonly Operation[], sections: readonly string[] = []) {
  const paths: ZodOpenApiPathsObject = {};
  for (const operation of operations) {
    paths[operation.path] = { ...paths[operation.path], [operation.method.toLowerCase()]: operationObject(operation) };
  }
  const accessTokenMinutes = getConfig().auth.accessTokenTtlSeconds / 60;
  const document = createDocument({
    openapi: "3.1.0",
    info: {
      title: "Keel API",
      version,
      description: [guide(accessTokenMinutes), ...sections].join("\n\n"),
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
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "keel_sk_...",
          description:
            "An API key (`Authorization: Bearer keel_sk_...`) made on the profile's API keys page or with POST /api/v1/profile/api-keys. It acts as its owner, only on the operations that list this scheme, and only with the scope named there (`orders:read`, `orders:write`, `quotes`); elsewhere 403.",
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
  return withExamples(document, new Map(operations.map((operation) => [operation.operationId, operation.examples])));
}

type Json = Record<string, unknown>;
const SUCCESS = /^2\d\d$/;

/**
 * Adds each operation's declared `examples` to the generated document (after generation: zod-openapi
 * puts schema-level examples in components, but an operation's own example belongs on its media types
 * and parameters, which only exist once the document is built).
 */
function withExamples<T extends object>(document: T, examples: ReadonlyMap<string, OperationExamples>): T {
  for (const item of Object.values((document as Json).paths as Record<string, Json>)) {
    for (const operation of Object.values(item) as Json[]) {
      const example = examples.get(String(operation.operationId));
      if (!example) continue;
      const body = ((operation.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined;
      if (body && example.request !== undefined) body.example = example.request;
      const [, success] = Object.entries(operation.responses as Record<string, Json>).find(([status]) => SUCCESS.test(status)) ?? [];
      const media = (success?.content as Json | undefined)?.["application/json"] as Json | undefined;
      if (media && example.response !== null) media.example = example.response;
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        const value = (parameter.in === "path" ? example.params : example.query)?.[String(parameter.name)];
        if (value !== undefined) parameter.example = value;
      }
    }
  }
  return document;
}
