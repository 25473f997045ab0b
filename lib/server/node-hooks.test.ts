/**
 * The Node HTTP hook (lib/server/node-hooks.ts) on a real node:http server on loopback: installed
 * once however often it is asked, the request id honoured or issued, the peer appended to
 * X-Forwarded-For, TRACE refused, the keep-alive timeouts, and the Node request in the context for
 * the direct body read. The first test is the one a Node upgrade breaks: it names the internal the
 * direct body read relies on that this Node version no longer has.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentRequest } from "@/lib/request-context";
import { HEADERS_TIMEOUT_MS, installNodeHooks, KEEP_ALIVE_TIMEOUT_MS, nodeInternalsProblems, readNodeBody, requestsInFlight } from "./node-hooks";

interface Seen {
  requestId?: string;
  forwardedFor?: string;
  headerRequestId?: string;
  sameIncoming: boolean;
  inFlight: number;
  body?: string;
  bodyPath?: string;
}

let server: http.Server;
let baseUrl: string;
let handled = 0;

const rules = {
  limit: 64 * 1024,
  drainLimit: 1024 * 1024,
  tooLarge: () => new Error("too large"),
  unreadable: () => new Error("unreadable"),
};

beforeAll(async () => {
  installNodeHooks({ nodeHooks: "on", production: false });
  server = http.createServer((request, response) => {
    handled++;
    const context = currentRequest();
    const seen: Seen = {
      requestId: context?.requestId,
      forwardedFor: request.headers["x-forwarded-for"] as string | undefined,
      headerRequestId: request.headers["x-request-id"] as string | undefined,
      sameIncoming: context?.incoming === request,
      inFlight: requestsInFlight(),
    };
    const answer = () => response.end(JSON.stringify(seen));
    if (request.method !== "POST") return answer();
    // The route's view: Next's web request beside the Node one (no body of its own here).
    const web = new Request(`${baseUrl}${request.url}`, { method: "POST" });
    const read = readNodeBody(web, rules);
    if (read === null) return answer();
    void Promise.resolve(read).then((bytes) => {
      seen.body = Buffer.from(bytes).toString();
      seen.bodyPath = context?.body;
      answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function call(init: RequestInit & { path?: string } = {}): Promise<{ response: Response; seen: Seen }> {
  const response = await fetch(`${baseUrl}${init.path ?? "/api/v1/anything"}`, init);
  const text = await response.text();
  return { response, seen: JSON.parse(text) as Seen };
}

describe("the Node HTTP hook", () => {
  it("finds on this Node version every internal the direct body read relies on", () => {
    // A failure lists each internal by name (e.g. "IncomingMessage._readableState.ended is not ...").
    // Production then reads bodies through the web Request, with one warning; fix readNodeBody for
    // this Node version, or run with KEEL_NODE_HOOKS=off until then.
    expect(nodeInternalsProblems()).toEqual([]);
  });

  it("wraps http.Server.prototype.emit once, however often it is installed", async () => {
    const emit = http.Server.prototype.emit;
    installNodeHooks({ nodeHooks: "on", production: false });
    installNodeHooks({ nodeHooks: "off", production: true });
    expect(http.Server.prototype.emit).toBe(emit);
    const before = handled;
    const { seen } = await call();
    expect(handled).toBe(before + 1);
    // One wrapper counts this request once.
    expect(seen.inFlight).toBe(1);
    await expect.poll(() => requestsInFlight()).toBe(0);
  });

  it("honours a sane X-Request-Id, issues one otherwise, and echoes it", async () => {
    const honoured = await call({ headers: { "x-request-id": "lb-1234.abc" } });
    expect(honoured.response.headers.get("x-request-id")).toBe("lb-1234.abc");
    expect(honoured.seen).toMatchObject({ requestId: "lb-1234.abc", headerRequestId: "lb-1234.abc" });

    const issued = await call({ headers: { "x-request-id": "no spaces <allowed>" } });
    const id = issued.response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued.seen).toMatchObject({ requestId: id, headerRequestId: id });
  });

  it("appends the TCP peer to X-Forwarded-For, as a proxy does", async () => {
    expect((await call()).seen.forwardedFor).toBe("127.0.0.1");
    expect((await call({ headers: { "x-forwarded-for": "203.0.113.9" } })).seen.forwardedFor).toBe("203.0.113.9, 127.0.0.1");
  });

  it("refuses TRACE with 405 before the server's handler, still with a request id", async () => {
    const before = handled;
    // fetch refuses to send TRACE; node:http does not.
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request(`${baseUrl}/api/v1/anything`, { method: "TRACE" }, resolve);
      request.on("error", reject).end();
    });
    response.resume();
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    expect(response.headers["x-request-id"]).toBeTruthy();
    expect(handled).toBe(before);
  });

  it("keeps idle connections longer than clients and load balancers do", () => {
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
  });

  it("puts the Node request in the context, and the body is read from it directly", async () => {
    const { seen } = await call({ method: "POST", headers: { "content-type": "application/json" }, body: '{"weightKg":2}' });
    expect(seen).toMatchObject({ sameIncoming: true, body: '{"weightKg":2}', bodyPath: "node" });
  });
});
