/**
 * The JSON body read straight from Node's request (lib/server/node-hooks.ts readNodeBody, as
 * lib/http/body.ts calls it), through a real HTTP server and real sockets on loopback: the body already there
 * when the handler runs, a body still on its way, one too large (with and without a length), one
 * whose client goes away. The web stream path has its own tests in body.test.ts.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runWithRequest } from "@/lib/request-context";
import { parseBody, parseJson } from "./body";
import { HttpError } from "./errors";

type Outcome = { value?: unknown; error?: string; complete: boolean; buffered: number };

/** What the next request's handler saw; `wait` says whether it waits for the whole body first. */
let onRequest: (request: http.IncomingMessage) => Promise<Outcome>;
let server: http.Server;
let port: number;

const schema = z.object({ weightKg: z.number() });

/** The route wrapper's view: Next's web request (no body of its own here) beside the Node one. */
function webRequestFor(incoming: http.IncomingMessage): Request {
  return new Request(`http://127.0.0.1:${port}${incoming.url}`, {
    method: incoming.method,
    headers: Object.entries(incoming.headers).map(([name, value]): [string, string] => [name, String(value)]),
  });
}

async function parseFromNode(incoming: http.IncomingMessage, options: { waitForBody: boolean }): Promise<Outcome> {
  if (options.waitForBody) while (!incoming.complete) await new Promise((resolve) => setTimeout(resolve, 5));
  const complete = incoming.complete;
  const buffered = incoming.readableLength;
  const context = { requestId: "test", incoming };
  try {
    const parsed = runWithRequest(context, () => parseBody(webRequestFor(incoming), schema));
    return { value: parsed instanceof Promise ? await parsed : parsed, complete, buffered };
  } catch (error) {
    if (error instanceof HttpError) return { error: error.code, complete, buffered };
    if (error instanceof z.ZodError) return { error: "validation_failed", complete, buffered };
    throw error;
  }
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    void onRequest(request).then((outcome) => {
      if (response.writable) response.end(JSON.stringify(outcome));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends raw HTTP, in parts with pauses between them; resolves with everything the server answered. */
function rawRequest(parts: (string | Buffer | number)[], options: { destroyAfterParts?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk));
    socket.on("close", () => resolve(answer));
    socket.on("error", (error) => ((error as NodeJS.ErrnoException).code === "ECONNRESET" ? resolve(answer) : reject(error)));
    void (async () => {
      for (const part of parts) {
        if (typeof part === "number") await new Promise((r) => setTimeout(r, part));
        else if (!socket.destroyed) socket.write(part);
      }
      // Otherwise the socket stays open for the answer (Connection: close ends it): a client that
      // half-closes makes Node's server give up on the request.
      if (options.destroyAfterParts) socket.destroy();
    })();
  });
}

const head = (length: number | "chunked") =>
  "POST /api/v1/shipping/quote?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
  (length === "chunked" ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${length}\r\n`) +
  "Connection: close\r\n\r\n";

const outcomeOf = (answer: string): Outcome => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));

describe("reading the body from Node's request", () => {
  it("takes a body that arrived with the headers at once, and one still on its way by events, alike", async () => {
    const body = JSON.stringify({ weightKg: 2.5 });
    onRequest = (request) => parseFromNode(request, { waitForBody: true });
    const arrived = outcomeOf(await rawRequest([head(body.length) + body]));
    expect(arrived).toEqual({ value: { weightKg: 2.5 }, complete: true, buffered: body.length });

    onRequest = (request) => parseFromNode(request, { waitForBody: false });
    const late = outcomeOf(await rawRequest([head(body.length), 50, body.slice(0, 5), 20, body.slice(5)]));
    expect(late).toEqual({ value: { weightKg: 2.5 }, complete: false, buffered: 0 });
  });

  it("answers bad JSON and a failing schema the same on both paths", async () => {
    for (const waitForBody of [true, false]) {
      onRequest = (request) => parseFromNode(request, { waitForBody });
      expect(outcomeOf(await rawRequest([head(5), 30, "{bad}"])).error).toBe("invalid_json");
      expect(outcomeOf(await rawRequest([head(17), 30, '{"weightKg":"x"}'.padEnd(17)])).error).toBe("validation_failed");
    }
  });

  // (A body over 64 KiB is never all there unread: Node stops reading the socket once 16 KiB wait.)
  it("refuses more than 64 KiB with 413, declared or chunked, and still answers", async () => {
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    const kib = " ".repeat(1024);
    onRequest = (request) => parseFromNode(request, { waitForBody: false });
    const chunked = [head("chunked"), 30, ...Array.from({ length: 80 }, () => chunk(kib)), chunk('{"weightKg":1}'), "0\r\n\r\n"];
    expect(outcomeOf(await rawRequest(chunked))).toMatchObject({ error: "payload_too_large", complete: false });
    expect(outcomeOf(await rawRequest([head(70_000)])).error).toBe("payload_too_large");
  });

  it("gives up on a client that goes away mid-body (400, not a hang)", async () => {
    let seen: Promise<Outcome> | undefined;
    onRequest = (request) => (seen = parseFromNode(request, { waitForBody: false }));
    await rawRequest([head(100), 20, '{"weightKg":', 30], { destroyAfterParts: true });
    await expect.poll(() => seen !== undefined).toBe(true);
    expect((await seen!).error).toBe("invalid_json");
  });

  it("reads through the web request when the context holds another request's Node stream", async () => {
    onRequest = async (request) => {
      const elsewhere = new Request(`http://127.0.0.1:${port}/api/v1/other`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"weightKg":7}',
      });
      const value = await runWithRequest({ requestId: "test", incoming: request }, () => parseJson(elsewhere, schema));
      return { value, complete: request.complete, buffered: request.readableLength };
    };
    const body = JSON.stringify({ weightKg: 1 });
    expect(outcomeOf(await rawRequest([head(body.length) + body])).value).toEqual({ weightKg: 7 });
  });
});
