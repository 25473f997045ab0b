/**
 * The Node HTTP hook (lib/server/node-hooks.ts) in the production server, with its switch both ways.
 *
 * On (the default): a JSON body is read straight from Node's request, which the request's log line
 * says (`body: "node"`). This is the test that fails when a Next or Node upgrade changes what the
 * direct read relies on (the route no longer sees the request the hook saw, or the stream state is
 * not what it expects): the server then reads through the web Request and says so once, and the
 * line says `"web"`.
 *
 * Off (KEEL_NODE_HOOKS=off): every body is read through the web Request, with the same answers (a
 * quote, 413 on a body over 64 KiB, 400 on bad JSON, 415 on another media type), and the parts of
 * the hook that are not switched still work: request ids, TRACE refused.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, newUser, tokensFor } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const engine = inject("engine");

interface Instance {
  server: RunningServer;
  storage: SeededStorage;
}

const instances: Record<"on" | "off", Instance | undefined> = { on: undefined, off: undefined };

async function start(label: "on" | "off", storage: SeededStorage): Promise<Instance> {
  const server = await startServer({ env: { ...storage.env, KEEL_NODE_HOOKS: label === "off" ? "off" : undefined } });
  return { server, storage };
}

beforeAll(async () => {
  // The copies one after another (two copies of one template at once may find it busy), the servers together.
  const on = await seededStorage(engine, "node-hooks-on");
  const off = await seededStorage(engine, "node-hooks-off");
  [instances.on, instances.off] = await Promise.all([start("on", on), start("off", off)]);
});

afterAll(async () => {
  for (const instance of Object.values(instances)) {
    await instance?.server.stop();
    await instance?.storage.drop();
  }
});

const logLines = (server: RunningServer) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The request's log line (written when its response closes, so it may trail the answer a little). */
async function requestLine(server: RunningServer, requestId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = logLines(server).find((entry) => entry.request_id === requestId && entry.msg === "request");
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no request log line for ${requestId}:\n${server.output().slice(-2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const newRequestId = () => `hooks-${randomBytes(6).toString("hex")}`;

/** Posts to the quote route with a request id of its own; the answer and the request's log line. */
async function quote(instance: Instance, options: { body?: unknown; raw?: string; contentType?: string; token?: string } = {}) {
  const requestId = newRequestId();
  const response = await api(instance.server.url).post("/api/v1/shipping/quote", options.body, {
    raw: options.raw,
    contentType: options.contentType,
    token: options.token,
    headers: { "x-request-id": requestId },
  });
  expect(response.headers.get("x-request-id")).toBe(requestId);
  return { response, line: await requestLine(instance.server, requestId) };
}

describe("the Node HTTP hook", () => {
  it("reads a JSON body straight from Node's request when on (the log line says body: node)", async () => {
    const on = instances.on!;
    const anonymous = await quote(on, { body: { weightKg: 2.5, destination: "DE" } });
    expect(anonymous.response.status).toBe(200);
    expect(anonymous.line).toMatchObject({ method: "POST", path: "/api/v1/shipping/quote", status: 200, body: "node" });

    // A signed-in quote (the session statement's preloaded rate table and count) reads the same way.
    const client = api(on.server.url);
    const tokens = await tokensFor(client, await newUser(client));
    const signedIn = await quote(on, { body: { weightKg: 2.5, destination: "DE" }, token: tokens.accessToken });
    expect(signedIn.response.status).toBe(200);
    expect(signedIn.response.body).toEqual(anonymous.response.body);
    expect(signedIn.line.body).toBe("node");
    // Nothing in the server's output says the self-check failed.
    expect(await on.server.flushedOutput()).not.toContain("KEEL_NODE_HOOKS; lib/server/node-hooks.ts");
  });

  it("reads through the web Request when off, with the same answers", async () => {
    const [on, off] = [instances.on!, instances.off!];
    const input = { weightKg: 7.25, destination: "US" };
    const [viaNode, viaWeb] = [await quote(on, { body: input }), await quote(off, { body: input })];
    expect(viaWeb.response.status).toBe(200);
    expect(viaWeb.response.body).toEqual(viaNode.response.body);
    expect(viaWeb.line).toMatchObject({ status: 200, body: "web" });

    const client = api(off.server.url);
    const tokens = await tokensFor(client, await newUser(client));
    const signedIn = await quote(off, { body: input, token: tokens.accessToken });
    expect(signedIn.response.status).toBe(200);
    expect(signedIn.line.body).toBe("web");
  });

  it("answers 413, 400 and 415 alike on both paths", async () => {
    for (const [label, path] of [
      ["on", "node"],
      ["off", "web"],
    ] as const) {
      const instance = instances[label]!;
      const huge = await quote(instance, { raw: JSON.stringify({ weightKg: 1, destination: "DE", pad: "x".repeat(70_000) }) });
      expect(huge.response.status, label).toBe(413);
      expect(huge.response.body.error.code).toBe("payload_too_large");

      const bad = await quote(instance, { raw: '{"weightKg": 1,' });
      expect(bad.response.status, label).toBe(400);
      expect(bad.response.body.error.code).toBe("invalid_json");
      expect(bad.line.body, label).toBe(path);

      const form = await quote(instance, { raw: "weightKg=1", contentType: "application/x-www-form-urlencoded" });
      expect(form.response.status, label).toBe(415);
    }
  });

  it("keeps the parts that are not switched when off: request ids issued, TRACE refused", async () => {
    const off = instances.off!;
    const response = await fetch(`${off.server.url}/api/v1/health/live`);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.request(`${off.server.url}/api/v1/health/live`, { method: "TRACE" }, resolve).on("error", reject).end();
    });
    traced.resume();
    expect(traced.statusCode).toBe(405);
  });
});
