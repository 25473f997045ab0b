/**
 * Hostile input on every state-changing route of the profile, shipping and orders API: malformed
 * or mistyped JSON, the wrong media type, oversized bodies, unknown and missing fields, and for
 * every field values of the wrong type, out of range, huge, or full of odd characters.
 *
 * Each one must be a 4xx in the API's error shape (never a 500), and must change nothing: after
 * every rejected request the victim's account and order count are read back through the API with
 * the victim's own token (so a revoked session would show too), and on postgres the user's row and
 * the whole database's row counts are compared as well. The admin routes get the same treatment in
 * admin.test.ts.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectError, placeOrders, type SignedIn, signedIn, stateOf } from "../support/domain";
import { type ApiResponse, api, type CallOptions, tokensFor } from "../support/http";

const baseUrl = inject("baseUrl");
const databaseUrl = inject("databaseUrl");
const client = api(baseUrl);

let victim: SignedIn;
let before: Awaited<ReturnType<typeof stateOf>>;

beforeAll(async () => {
  victim = await signedIn(client);
  await placeOrders(client, victim.token, 2);
  before = await stateOf(client, databaseUrl, { id: victim.user.id, token: victim.token });
  expect(before.profile.body.stats.orderCount).toBe(2);
});

afterAll(async () => {
  // After all of it, the victim's password is still the one they chose.
  if (victim) await tokensFor(client, victim.user);
});

const unchanged = async () => expect(await stateOf(client, databaseUrl, { id: victim.user.id, token: victim.token })).toEqual(before);

interface Route {
  name: string;
  method: "POST" | "PATCH" | "DELETE";
  path: string;
  /** Whether the victim's token is sent (quotes are also tried anonymously). */
  signedIn: boolean;
  /** A body that would be accepted; used to place one hostile value at a time. */
  valid: () => Record<string, unknown>;
  /** Per field: values that must all be refused with a 400 naming that field. */
  fields: Record<string, unknown[]>;
  /** The fields whose absence is an error of their own (default: all of them). */
  required?: string[];
}

const huge = "x".repeat(10_000);
// Wrong JSON types for a field (and NoSQL-style operator objects).
const notAString: unknown[] = [null, 0, 1, -1, true, false, [], ["DE"], {}, { $ne: null }, { $gt: "" }];
const notANumber: unknown[] = [null, true, false, "", "2.1", "1", "NaN", "Infinity", "-Infinity", "1e3", [], [2.1], {}, { $gt: 0 }, huge];
const weights: unknown[] = [...notANumber, -1, 0, -0.001, -1e308, 1e308, 1000.001, 1001, 1e21, 0.0001, 1.0005, 1e-7, 5e-324, 2 ** 53 + 1];
const countries: unknown[] = [...notAString, "", " ", "XX", "EU", "UK", "DEU", "D", "D1", "de ", " de", "DE\n", "D\u0000", "\u0000\u0000", "ß", "ıd", "\ud800\udc00", "🇩🇪", huge];
const usernames: unknown[] = [...notAString, "", "  ", "ab", "x".repeat(51), huge, "a b", "a\u0000b", "tab\tname", "ünïcode", "<script>", "' OR 1=1 --", "💥💥💥", "\ud800abc"];
const emails: unknown[] = [...notAString, "", " ", "not-an-email", "@example.com", "a@", `${"x".repeat(95)}@example.com`, huge, "a\u0000b@example.com", "a b@example.com", "<a@example.com>"];
const references: unknown[] = [...notAString, "", "   ", "x".repeat(101), huge, "café", "a\u0000b", "line\nbreak", "tab\there", "\u202eevil", "💥", "\ud800"];
const presentedPasswords: unknown[] = [...notAString, "", "x".repeat(513), huge];
const newPasswords: unknown[] = [...notAString, "", "short", "seven77", "x".repeat(129), "x".repeat(513), huge, "password1", "💥".repeat(129)];

const routes: Route[] = [
  {
    name: "PATCH /api/v1/profile",
    method: "PATCH",
    path: "/api/v1/profile",
    signedIn: true,
    valid: () => ({ username: `renamed_${randomBytes(4).toString("hex")}` }),
    fields: { username: usernames, email: emails },
    // Both are optional; leaving out both is an error of the whole body (checked with `{}`).
    required: [],
  },
  {
    name: "POST /api/v1/profile/password",
    method: "POST",
    path: "/api/v1/profile/password",
    signedIn: true,
    valid: () => ({ currentPassword: victim.user.password, newPassword: `a new passphrase ${randomBytes(4).toString("hex")}` }),
    fields: { currentPassword: presentedPasswords, newPassword: newPasswords },
  },
  {
    name: "DELETE /api/v1/profile",
    method: "DELETE",
    path: "/api/v1/profile",
    signedIn: true,
    valid: () => ({ password: victim.user.password }),
    fields: { password: presentedPasswords },
  },
  {
    name: "POST /api/v1/shipping/quote (signed in)",
    method: "POST",
    path: "/api/v1/shipping/quote",
    signedIn: true,
    valid: () => ({ weightKg: 2.1, destination: "DE" }),
    fields: { weightKg: weights, destination: countries },
  },
  {
    name: "POST /api/v1/shipping/quote (anonymous)",
    method: "POST",
    path: "/api/v1/shipping/quote",
    signedIn: false,
    valid: () => ({ weightKg: 2.1, destination: "DE" }),
    fields: { weightKg: weights, destination: countries },
  },
  {
    name: "POST /api/v1/orders",
    method: "POST",
    path: "/api/v1/orders",
    signedIn: true,
    valid: () => ({ weightKg: 2.1, destination: "DE", reference: `hostile-${randomBytes(4).toString("hex")}` }),
    fields: { weightKg: weights, destination: countries, reference: references },
    required: ["weightKg", "destination"],
  },
];

function send(route: Route, body: unknown, options: CallOptions = {}): Promise<ApiResponse> {
  return client.call(route.method, route.path, body, { ...(route.signedIn ? { token: victim.token } : {}), ...options });
}

/** Sends a body of `size` bytes without a content-length (chunked), as a stream. */
async function sendStreamed(route: Route, size: number): Promise<ApiResponse> {
  const chunk = new TextEncoder().encode(" ".repeat(8 * 1024));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": "10.250.0.1" };
  if (route.signedIn) headers.authorization = `Bearer ${victim.token}`;
  const response = await fetch(`${baseUrl}${route.path}`, { method: route.method, headers, body, duplex: "half" } as RequestInit);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** A body of exactly `size` bytes: `json` padded with spaces (valid JSON whitespace). */
const padded = (json: string, size: number) => json + " ".repeat(size - Buffer.byteLength(json));

for (const route of routes) {
  describe(route.name, () => {
    it("refuses every hostile value of every field with a 400 naming the field, changing nothing", async () => {
      for (const [field, values] of Object.entries(route.fields)) {
        for (const value of values) {
          const response = await send(route, { ...route.valid(), [field]: value });
          const label = `${field}=${JSON.stringify(value)?.slice(0, 40)}`;
          expect({ label, status: response.status }).toEqual({ label, status: 400 });
          expectError(response, 400, "validation_failed", "any");
          expect(Object.keys(response.body.error.fields), label).toContain(field);
          await unchanged();
        }
      }
    });

    it("refuses malformed JSON with 400 invalid_json, changing nothing", async () => {
      const bodies: (string | Uint8Array)[] = [
        "{",
        "}",
        '{"weightKg":}',
        "{'weightKg':1}",
        '{"weightKg":NaN,"destination":"DE"}',
        '{"weightKg":Infinity,"destination":"DE"}',
        '{"weightKg":-Infinity,"destination":"DE"}',
        '{"weightKg":0x10,"destination":"DE"}',
        '{"weightKg":.5,"destination":"DE"}',
        '{"weightKg":1,"destination":"DE",}',
        '{"weightKg":1 "destination":"DE"}',
        "undefined",
        "",
        " ",
        "\u0000",
        '{"a":"\u0000"}', // a raw control character inside a JSON string
        '{"a":1}{"b":2}',
        '{"a":"unterminated}',
        new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), // {"a":"<invalid UTF-8>"}
        new Uint8Array([0xc0, 0xaf]),
      ];
      for (const raw of bodies) {
        expectError(await send(route, undefined, { raw }), 400, "invalid_json");
        await unchanged();
      }
    });

    it("refuses JSON that is not an object, and absurdly nested JSON, with a 400", async () => {
      for (const raw of ["null", "[]", "[{}]", '"text"', "1", "true", "false", "-0", "1e400", JSON.stringify([route.valid()])]) {
        expectError(await send(route, undefined, { raw }), 400, "validation_failed", ["_"]);
        await unchanged();
      }
      for (const raw of ["[".repeat(30_000) + "]".repeat(30_000), `{"a":${'{"a":'.repeat(10_000)}1${"}".repeat(10_001)}`]) {
        const response = await send(route, undefined, { raw });
        expect(response.status).toBe(400);
        expect(["invalid_json", "validation_failed"]).toContain(response.body.error.code);
        expectError(response, 400, response.body.error.code, "any");
        await unchanged();
      }
    });

    it("refuses unknown and missing fields with a 400 naming them, even next to a valid body", async () => {
      const unknown: [Record<string, unknown>, string][] = [
        [{ ...route.valid(), evil: 1 }, "evil"],
        [{ ...route.valid(), id: victim.user.id + 1 }, "id"],
        [{ ...route.valid(), userId: victim.user.id + 1 }, "userId"],
        [{ ...route.valid(), role: "ADMIN" }, "role"],
        [{ ...route.valid(), [huge]: 1 }, huge],
        [{ ...route.valid(), "": 1 }, ""],
        [{ ...route.valid(), "a.b": 1 }, "a.b"],
      ];
      for (const [body, field] of unknown) {
        const response = await send(route, body);
        expectError(response, 400, "validation_failed", [field]);
        await unchanged();
      }
      const many = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`extra${i}`, i]));
      const response = await send(route, { ...route.valid(), ...many });
      expectError(response, 400, "validation_failed", Object.keys(many));
      await unchanged();

      for (const field of route.required ?? Object.keys(route.fields)) {
        const body = route.valid();
        delete body[field];
        const missing = await send(route, body);
        expectError(missing, 400, "validation_failed", "any");
        expect(Object.keys(missing.body.error.fields)).toContain(field);
        await unchanged();
      }
      expectError(await send(route, {}), 400, "validation_failed", "any");
      await unchanged();
    });

    it("refuses another media type with 415, changing nothing", async () => {
      const valid = JSON.stringify(route.valid());
      const types: (string | null)[] = [
        null,
        "text/plain",
        "text/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/jsonp",
        "application/json-patch+json",
        "application/ld+json",
        "application/json; charset=latin1",
        "application/json; charset=utf-16",
        "application/json, text/plain",
        "",
      ];
      for (const contentType of types) {
        expectError(await send(route, undefined, { raw: valid, contentType }), 415, "unsupported_media_type");
        await unchanged();
      }
    });

    it("refuses bodies over 64 KiB with 413, declared or streamed, and reads exactly 64 KiB", async () => {
      const limit = 64 * 1024;
      // A body of exactly the limit is read and judged on its content (here: an unknown field).
      expectError(await send(route, undefined, { raw: padded(JSON.stringify({ ...route.valid(), evil: 1 }), limit) }), 400, "validation_failed", ["evil"]);
      await unchanged();
      for (const size of [limit + 1, 1024 * 1024]) {
        expectError(await send(route, undefined, { raw: padded(JSON.stringify(route.valid()), size) }), 413, "payload_too_large");
        await unchanged();
      }
      expectError(await sendStreamed(route, limit + 8 * 1024), 413, "payload_too_large");
      await unchanged();
    });
  });
}

describe("keys named like members of Object.prototype", () => {
  // fieldErrorsOf() once collected messages on a plain object, found the inherited member for
  // "constructor", "toString", "__proto__", ... and threw: a bare 500 instead of a 400.
  it("are refused like any unknown field (400), not answered with a 500", async () => {
    for (const route of routes) {
      for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
        const response = await send(route, undefined, { raw: `{${JSON.stringify(key)}:1,${JSON.stringify(route.valid()).slice(1)}` });
        expect({ route: route.name, key, status: response.status }).toEqual({ route: route.name, key, status: 400 });
        await unchanged();
      }
    }
  });

  it("never change anything, even while the server fails on them", async () => {
    for (const route of routes) {
      for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
        const response = await send(route, undefined, { raw: `{${JSON.stringify(key)}:1,${JSON.stringify(route.valid()).slice(1)}` });
        expect([400, 500]).toContain(response.status);
        await unchanged();
      }
    }
  });
});
