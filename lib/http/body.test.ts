import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_BODY_BYTES, parseJson, parseQuery, pathOfNul, readJson } from "./body";
import { ValidationFailed } from "@/lib/errors";
import { HttpError } from "./errors";

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://localhost/api/v1/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof HttpError) return error.code;
    if (error instanceof ValidationFailed) return "validation_failed";
    if (error instanceof z.ZodError) return "validation_failed";
    throw error;
  }
}

describe("readJson", () => {
  it("parses a JSON body", async () => {
    expect(await readJson(post('{"a":1}'))).toEqual({ a: 1 });
    expect(await readJson(post('{"a":1}', { "content-type": "application/json; charset=UTF-8" }))).toEqual({ a: 1 });
  });

  it("rejects other media types with 415", async () => {
    expect(await codeOf(readJson(post('{"a":1}', { "content-type": "text/plain" })))).toBe("unsupported_media_type");
    expect(await codeOf(readJson(post("a=1", { "content-type": "application/x-www-form-urlencoded" })))).toBe(
      "unsupported_media_type",
    );
    expect(await codeOf(readJson(post('{"a":1}', {})))).toBe("unsupported_media_type");
    expect(await codeOf(readJson(post('{"a":1}', { "content-type": "application/json; charset=latin1" })))).toBe(
      "unsupported_media_type",
    );
  });

  it("rejects malformed JSON with 400 invalid_json", async () => {
    for (const body of ["{", "{'a':1}", "undefined", '{"a":1}}', "", "\u0000"]) {
      expect(await codeOf(readJson(post(body)))).toBe("invalid_json");
    }
    expect(await codeOf(readJson(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).toBe("invalid_json");
    expect(await codeOf(readJson(post("[".repeat(50_000) + "]".repeat(10_000))))).toBe("invalid_json");
  });

  it("refuses NUL characters anywhere in the JSON (Postgres text cannot store them)", async () => {
    expect(await codeOf(readJson(post('{"login":"a\\u0000b"}')))).toBe("validation_failed");
    expect(await codeOf(readJson(post('{"a":["x",{"b\\u0000":1}]}')))).toBe("validation_failed");
    // An escaped backslash followed by "u0000" is just text.
    expect(await readJson(post('{"a":"\\\\u0000"}'))).toEqual({ a: "\\u0000" });
  });

  it("rejects bodies over 64 KiB with 413, whether or not they declare their length", async () => {
    const big = JSON.stringify({ a: "x".repeat(MAX_BODY_BYTES) });
    expect(await codeOf(readJson(post(big)))).toBe("payload_too_large");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new Uint8Array(1024).fill(0x20));
        controller.close();
      },
    });
    expect(await codeOf(readJson(post(stream)))).toBe("payload_too_large");
    const exactlyAtLimit = " ".repeat(MAX_BODY_BYTES - 2) + "{}";
    expect(await readJson(post(exactlyAtLimit))).toEqual({});
  });

  it("reads an empty body as {} only where the route allows it", async () => {
    expect(await readJson(post(null, {}), { allowEmpty: true })).toEqual({});
    expect(await codeOf(readJson(post(null, {})))).toBe("unsupported_media_type");
  });
});

describe("parseJson and parseQuery", () => {
  const schema = z.strictObject({ n: z.number() });
  it("validates with the schema", async () => {
    expect(await parseJson(post('{"n":2}'), schema)).toEqual({ n: 2 });
    expect(await codeOf(parseJson(post('{"n":"2"}'), schema))).toBe("validation_failed");
  });
  it("reads the query string", () => {
    const request = new Request("http://localhost/x?limit=5&q=al");
    expect(parseQuery(request, z.object({ limit: z.coerce.number(), q: z.string() }))).toEqual({ limit: 5, q: "al" });
  });
});

describe("deeply nested JSON (issue 10, defect 4)", () => {
  const nested = (levels: number, inner = '"\\u0000"') => `${"[".repeat(levels)}${inner}${"]".repeat(levels)}`;

  it("refuses more than 64 levels with 400 invalid_json, before anything walks the value", async () => {
    // 5,000 levels with a NUL inside overflowed the recursive walk's stack (a 500).
    expect(await codeOf(readJson(post(nested(5_000))))).toBe("invalid_json");
    expect(await codeOf(readJson(post(nested(65, "1"))))).toBe("invalid_json");
    expect(await codeOf(readJson(post(`{"a":${nested(65, "{}")}}`)))).toBe("invalid_json");
  });

  it("accepts 64 levels, and still names where a NUL is", async () => {
    expect(await codeOf(readJson(post(nested(63, "{}"))))).toBe("ok");
    await expect(readJson(post(nested(64)))).rejects.toMatchObject({ fields: { [Array(64).fill("0").join(".")]: expect.any(Array) } });
  });

  it("counts brackets inside strings as text, not nesting", async () => {
    expect(await readJson(post(JSON.stringify({ a: "[".repeat(1000), b: "{\\\"[" })))).toEqual({ a: "[".repeat(1000), b: '{\\"[' });
  });

  it("finds a NUL in document order, in keys and values, without recursion", () => {
    expect(pathOfNul({ a: ["ok", { b: "x\u0000" }], c: "\u0000" })).toEqual(["a", "1", "b"]);
    expect(pathOfNul({ a: { "k\u0000": 1 } })).toEqual(["a"]);
    expect(pathOfNul({ a: [1, true, null, "fine"] })).toBeNull();
    // Far deeper than any call stack: the walk is iterative.
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(pathOfNul(deep)).toHaveLength(100_000);
  });
});
