/**
 * Request body framing for the JSON API: media type, size limit and JSON syntax are checked here,
 * before any schema sees the data, so malformed input is always a 4xx and never a 500.
 */
import type { z } from "zod";
import { ValidationFailed } from "@/lib/errors";
import { currentRequest } from "@/lib/request-context";
import { type BodyRules, readNodeBody } from "@/lib/server/node-hooks";
import { HttpError } from "./errors";
import { type MaybePromise, whenReady } from "./maybe-promise";

/** The API's body limit (OpenAPI document: bodies over 64 KiB get 413). */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * How much of an oversized body is still read (and dropped) before answering 413. Leaving the rest
 * of a streamed body unread leaves the keep-alive connection stuck: the client's next request on it
 * gets no answer until the server times the connection out (about 5 s) and resets it. Past this
 * bound the stream is cancelled anyway, so a client cannot make the server read without end.
 */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

/** Reads and drops the rest of a body, up to a bound; then cancels whatever is left. */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, alreadyRead: number): Promise<void> {
  let total = alreadyRead;
  while (total <= DRAIN_LIMIT_BYTES) {
    const { done, value } = await reader.read();
    if (done) return;
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

function isJsonMediaType(contentType: string | null): boolean {
  if (contentType === "application/json") return true; // nearly every request: no need to split it
  if (!contentType) return false;
  const [mediaType, ...params] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/json") return false;
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replaceAll('"', "");
  return charset === undefined || charset === "utf-8" || charset === "utf8";
}

function tooLarge(limit: number): HttpError {
  return new HttpError("payload_too_large", `The request body is larger than ${limit / 1024} KiB.`);
}

function unreadable(): HttpError {
  // A client that disconnects mid-body is not a server problem (nor a database outage).
  return new HttpError("invalid_json", "The request body could not be read.");
}

const BODY_RULES: BodyRules = { limit: MAX_BODY_BYTES, drainLimit: DRAIN_LIMIT_BYTES, tooLarge: () => tooLarge(MAX_BODY_BYTES), unreadable };

/**
 * The body's bytes, at most MAX_BODY_BYTES of them: at once when they are all there, else a promise. Not
 * an async function, nor are the ones below: with AsyncLocalStorage in use (Next's and ours), Node
 * 20 runs hooks for every promise, and each async layer and each await adds promises to every
 * request that has a body (docs/performance.md). Throws (413) rather than rejecting when it can.
 *
 * Straight from Node's request when the HTTP hook allows it (lib/server/node-hooks.ts: Node's own
 * server, KEEL_NODE_HOOKS on, the route's own request, its self-checks passed), else through the
 * web Request; the request's log line says which (`body: "node"` or `"web"`).
 */
function readLimited(request: Request): MaybePromise<Uint8Array> {
  const direct = readNodeBody(request, BODY_RULES);
  if (direct !== null) return direct;
  const context = currentRequest();
  if (context) context.body = "web";
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge(MAX_BODY_BYTES);
  return readWebBody(request, MAX_BODY_BYTES);
}

async function readWebBody(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await reader.read();
    } catch {
      throw unreadable();
    }
    if (result.done) break;
    const { value } = result;
    total += value.byteLength;
    if (total > limit) {
      await discardRest(reader, total).catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  // A small body nearly always arrives as one chunk: no copy then.
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export interface ReadJsonOptions {
  /** An empty body (no bytes at all) reads as `{}`; for routes whose fields are all optional. */
  allowEmpty?: boolean;
}

// Decoding a whole text in one call keeps no state between calls, so one decoder serves them all.
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The JSON value of a body's bytes; throws the API's 415 and 400 errors. */
function decodeJson(bytes: Uint8Array, contentType: string | null, options: ReadJsonOptions): unknown {
  if (bytes.byteLength === 0 && options.allowEmpty) return {};
  if (!isJsonMediaType(contentType)) {
    throw new HttpError("unsupported_media_type", "Send the body as JSON with content-type: application/json.");
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpError("invalid_json", "The request body is not valid UTF-8.");
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new HttpError("invalid_json", `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError("invalid_json", "The request body is not valid JSON.");
  }
  // Postgres text cannot hold NUL; refused here once for every route instead of failing in a query.
  const nulAt = text.includes("\\u0000") ? pathOfNul(value) : null;
  if (nulAt) {
    throw new ValidationFailed("The request is not valid.", { [nulAt.join(".") || "_"]: ["Text must not contain NUL characters."] });
  }
  return value;
}

/**
 * The body's exact bytes, at most 64 KiB (413 beyond): for a route that must see what was sent
 * before parsing it (a webhook whose signature covers the raw body).
 */
export async function readRawBody(request: Request): Promise<Uint8Array> {
  return readLimited(request);
}

/** Reads and parses a JSON body: 415 for another media type, 413 over 64 KiB, 400 for bad JSON. */
export async function readJson(request: Request, options: ReadJsonOptions = {}): Promise<unknown> {
  return decodeJson(await readLimited(request), request.headers.get("content-type"), options);
}

/** No request of this API nests anywhere near this deep; deeper bodies are refused unread. */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply the arrays and objects of a JSON text nest, counted on the text itself (brackets
 * outside strings), so that a hostile body is refused before anything walks the parsed value.
 * Malformed text may give a wrong count; JSON.parse refuses it next anyway.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \\ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return deepest;
}

/**
 * Where the first NUL character is (as a field path), or null. Walked with an explicit stack, not
 * recursion: the depth is bounded above, but a walk that cannot overflow the call stack stays safe
 * whatever the bound becomes.
 */
export function pathOfNul(root: unknown): string[] | null {
  // Each entry points at its parent instead of copying the path, so memory stays linear.
  interface Step {
    value: unknown;
    key: string | null;
    parent: Step | null;
  }
  const pathTo = (step: Step | null) => {
    const keys: string[] = [];
    for (let at = step; at && at.key !== null; at = at.parent) keys.push(at.key);
    return keys.reverse();
  };
  const stack: Step[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { value } = step;
    if (typeof value === "string") {
      if (value.includes("\u0000")) return pathTo(step);
    } else if (Array.isArray(value)) {
      // Pushed in reverse, so the first offending item (in document order) is found first.
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: step });
    } else if (value && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (key.includes("\u0000")) return pathTo(step);
        stack.push({ value: item, key, parent: step });
      }
    }
  }
  return null;
}

/** Reads the JSON body and validates it; a schema failure throws the ZodError (mapped to 400). */
export async function parseJson<S extends z.ZodType>(request: Request, schema: S, options: ReadJsonOptions = {}): Promise<z.output<S>> {
  return parseBody(request, schema, options);
}

/**
 * parseJson for the route wrapper: the value itself when the body was already there (nearly always),
 * else a promise; its errors are thrown, or rejected when the body had to be waited for.
 */
export function parseBody<S extends z.ZodType>(request: Request, schema: S, options: ReadJsonOptions = {}): MaybePromise<z.output<S>> {
  const contentType = request.headers.get("content-type");
  return whenReady(readLimited(request), (bytes) => schema.parse(decodeJson(bytes, contentType, options)));
}

/** Validates the query string; repeated keys keep their last value. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}
