import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Conflict, Forbidden, IllegalTransition, NotFound, RateLimited, Unauthenticated, Unavailable, ValidationFailed } from "@/lib/errors";
import { fieldErrorsOf, HttpError, responseForError } from "./errors";

async function shape(error: unknown) {
  const response = responseForError(error);
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get("retry-after") };
}

describe("responseForError", () => {
  it("maps each domain error to its status and code", async () => {
    const cases: [unknown, number, string][] = [
      [new ValidationFailed("bad", { email: ["Invalid"] }), 400, "validation_failed"],
      [new HttpError("invalid_json", "bad json"), 400, "invalid_json"],
      [new Unauthenticated(), 401, "unauthenticated"],
      [new Forbidden(), 403, "forbidden"],
      [new NotFound(), 404, "not_found"],
      [new Conflict("taken", { username: ["Taken"] }), 409, "conflict"],
      [new IllegalTransition("A shipped order cannot be cancelled."), 409, "illegal_transition"],
      [new HttpError("payload_too_large", "big"), 413, "payload_too_large"],
      [new HttpError("unsupported_media_type", "type"), 415, "unsupported_media_type"],
      [new RateLimited(12.2), 429, "rate_limited"],
      [new Unavailable(), 503, "unavailable"],
    ];
    for (const [error, status, code] of cases) {
      const result = await shape(error);
      expect(result.status).toBe(status);
      expect(result.body.error.code).toBe(code);
      expect(typeof result.body.error.message).toBe("string");
    }
  });

  it("carries field errors and Retry-After", async () => {
    expect((await shape(new Conflict("taken", { username: ["Taken"] }))).body).toEqual({
      error: { code: "conflict", message: "taken", fields: { username: ["Taken"] } },
    });
    expect((await shape(new RateLimited(12.2))).retryAfter).toBe("13");
  });

  it("turns zod errors into validation_failed with per-field messages, unknown keys included", async () => {
    const result = z.strictObject({ email: z.email(), age: z.number() }).safeParse({ email: "no", role: "ADMIN" });
    expect(result.success).toBe(false);
    const { status, body } = await shape(result.error);
    expect(status).toBe(400);
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields).sort()).toEqual(["age", "email", "role"]);
    expect(body.error.fields.role).toEqual(["Unknown field."]);
  });

  it("maps an unreachable database to 503 and anything unexpected to a 500 without details", async () => {
    const unreachable = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect((await shape(unreachable)).status).toBe(503);
    const bug = await shape(new TypeError("secret internals"));
    expect(bug.status).toBe(500);
    expect(JSON.stringify(bug.body)).not.toContain("secret internals");
  });
});

describe("fieldErrorsOf", () => {
  it("reports unknown keys named like Object.prototype members as ordinary fields", () => {
    const body = JSON.parse('{"__proto__":{"role":"ADMIN"},"constructor":1,"toString":2}');
    const result = z.strictObject({}).safeParse(body);
    expect(result.success).toBe(false);
    const fields = fieldErrorsOf(result.error!);
    expect(Object.keys(fields).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(fields))).toEqual(JSON.parse('{"__proto__":["Unknown field."],"constructor":["Unknown field."],"toString":["Unknown field."]}'));
  });

  it("joins nested paths and collects several messages per field", () => {
    const schema = z.object({ a: z.object({ b: z.string().min(3).regex(/^x/) }) });
    const result = schema.safeParse({ a: { b: "y" } });
    expect(fieldErrorsOf(result.error!)).toEqual({ "a.b": [expect.any(String), expect.any(String)] });
  });

  it("reports a union's errors under the fields of the branch the input was meant for", () => {
    const schema = z.object({ sender: z.union([z.strictObject({ addressId: z.int() }), z.strictObject({ name: z.string(), city: z.string() })]) });
    expect(fieldErrorsOf(schema.safeParse({ sender: { city: "Paris" } }).error!)).toEqual({ "sender.name": [expect.any(String)] });
    expect(fieldErrorsOf(schema.safeParse({ sender: { addressId: "x" } }).error!)).toEqual({ "sender.addressId": [expect.any(String)] });
    // Neither shape: the union's own message on the field itself.
    expect(Object.keys(fieldErrorsOf(schema.safeParse({ sender: 7 }).error!))).toEqual(["sender"]);
  });
});
