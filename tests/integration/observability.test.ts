/**
 * Traces and logs (lib/tracing.ts, lib/log.ts): with OTEL_EXPORTER_OTLP_ENDPOINT set, the server
 * exports its spans over OTLP/HTTP. A real OTLP receiver on loopback in this test collects them:
 * one request's trace holds the request span and its database spans, and that request's JSON log
 * lines carry the same trace id and its request id (X-Request-Id honoured and echoed). Logs are
 * JSON in production and never hold the secrets a request carried.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, newUser, tokensFor } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const engine = inject("engine");

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

let receiver: http.Server;
const spans: Span[] = [];
let storage: SeededStorage | undefined;
let server: RunningServer;

beforeAll(async () => {
  // An OTLP/HTTP (JSON) trace receiver, as a collector would run it.
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") {
        const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: Span[] }[] }[] };
        for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  storage = await seededStorage(engine, "observability");
  server = await startServer({
    env: {
      ...storage.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      OTEL_SERVICE_NAME: "keel-under-test",
      // Export every 100 ms instead of every 5 s, so the test need not wait.
      OTEL_BSP_SCHEDULE_DELAY: "100",
    },
  });
});

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await storage?.drop();
});

const logLines = () =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("traces and logs", () => {
  it("one request: a request span with its database spans, and its log lines carry the trace id and the request id", async () => {
    const client = api(server.url);
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const requestId = `test-${randomBytes(6).toString("hex")}`;
    const response = await client.get("/api/v1/profile", { token: tokens.accessToken, headers: { "x-request-id": requestId } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe(requestId);

    // The request's log lines (at least the access line) name the request and its trace.
    const lines = await waitFor("the request's log line", () => {
      const found = logLines().filter((line) => line.request_id === requestId);
      return found.some((line) => line.msg === "request") ? found : undefined;
    });
    const access = lines.find((line) => line.msg === "request")!;
    expect(access).toMatchObject({ level: "info", method: "GET", path: "/api/v1/profile", status: 200, service: "keel" });
    const traceId = access.trace_id as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const line of lines) expect(line.trace_id).toBe(traceId);

    // The trace: the request span (Next's root span names the route) and database spans under it.
    const traceSpans = await waitFor("the request's spans", () => {
      const found = spans.filter((span) => span.traceId === traceId);
      const hasRequest = found.some((span) => span.name.includes("/api/v1/profile"));
      const hasDatabase = found.some((span) => span.name.startsWith("db.query") || span.name.startsWith("prisma:"));
      // Spans are exported as they end, children before their parents, in batches: wait for the
      // whole tree (one span whose parent is not in the trace), not just for some of its spans.
      const roots = found.filter((span) => !span.parentSpanId || !found.some((other) => other.spanId === span.parentSpanId));
      return hasRequest && hasDatabase && roots.length === 1 ? found : undefined;
    });
    const root = traceSpans.find((span) => !span.parentSpanId || !traceSpans.some((other) => other.spanId === span.parentSpanId));
    expect(root?.name).toContain("/api/v1/profile");
    const database = traceSpans.filter((span) => span.name.startsWith("db.query") || span.name.startsWith("prisma:"));
    expect(database.length).toBeGreaterThan(0);
    // Every database span belongs to the request: following parents leads to the root.
    const byId = new Map(traceSpans.map((span) => [span.spanId, span]));
    for (const span of database) {
      let at: Span | undefined = span;
      while (at?.parentSpanId && byId.has(at.parentSpanId)) at = byId.get(at.parentSpanId);
      expect(at?.spanId).toBe(root!.spanId);
    }
  });

  it("the hot routes make one database round trip: the session check's statement, and nothing through Prisma", async () => {
    const client = api(server.url);
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    const placed = await client.post("/api/v1/orders", { weightKg: 1.2, destination: "DE" }, { token: tokens.accessToken });
    expect(placed.status).toBe(201);
    const orderId = (placed.body as { order: { id: number } }).order.id;
    // The placement has checked the rate table in force, so the quote below prices with the kept
    // table: were the statement's key for it (SQL) to differ from rateTableKey's (JS), the quote
    // would read the table again through Prisma, and the expectation of one span would fail.
    const routes: { method: string; path: string; body?: unknown }[] = [
      { method: "GET", path: "/api/v1/profile" },
      { method: "POST", path: "/api/v1/shipping/quote", body: { weightKg: 2.1, destination: "DE" } },
      { method: "GET", path: `/api/v1/orders/${orderId}` },
      { method: "GET", path: "/api/v1/orders?limit=5" },
    ];
    for (const { method, path, body } of routes) {
      const requestId = `test-${randomBytes(6).toString("hex")}`;
      const headers = { "x-request-id": requestId };
      const response = await client.call(method, path, body, { token: tokens.accessToken, headers });
      expect(response.status, path).toBe(200);
      const access = await waitFor(`${path}'s log line`, () => logLines().find((line) => line.request_id === requestId && line.msg === "request"));
      const traceId = access.trace_id as string;
      const database = await waitFor(`${path}'s spans`, () => {
        const found = spans.filter((span) => span.traceId === traceId);
        const roots = found.filter((span) => !span.parentSpanId || !found.some((other) => other.spanId === span.parentSpanId));
        return roots.length === 1 && found.length > 1 ? found.filter((span) => span.name.startsWith("db.query") || span.name.startsWith("prisma:")) : undefined;
      });
      expect(database.map((span) => span.name), path).toEqual([expect.stringMatching(/^db\.query keel_session_user/)]);
    }
  });

  it("issues a request id when none (or a hostile one) is sent", async () => {
    const client = api(server.url);
    const issued = await client.get("/api/v1/health");
    expect(issued.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await client.get("/api/v1/health", { headers: { "x-request-id": "a b <script>" + "x".repeat(300) } });
    expect(hostile.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs JSON lines only, without the passwords, tokens or cookies the requests carried", async () => {
    const client = api(server.url);
    const user = await newUser(client);
    const tokens = await tokensFor(client, user);
    await client.get("/api/v1/profile", { token: tokens.accessToken });
    await client.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken });
    const output = await server.flushedOutput();
    for (const secret of [user.password, tokens.accessToken, tokens.refreshToken]) expect(output).not.toContain(secret);
    // Our lines are JSON; Next's own start-up banner (a few lines before the first of ours) is not.
    const ours = output.split("\n").filter((line) => line.startsWith("{"));
    expect(ours.length).toBeGreaterThan(5);
    for (const line of ours) expect(() => JSON.parse(line), line).not.toThrow();
    expect(output.split("\n").filter((line) => /"level"|\[keel\]/.test(line) && !line.startsWith("{"))).toEqual([]);
  });
});
