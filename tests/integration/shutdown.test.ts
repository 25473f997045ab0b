/**
 * Graceful shutdown (lib/server/lifecycle.ts, lib/server/node-hooks.ts): on SIGTERM the instance
 * reports not ready (tests/integration/health.test.ts), refuses new connections, closes idle ones, finishes the requests in flight (here one whose body
 * is still arriving when the signal comes), closes its connections and exits 0 within the bound.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, newUser } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const engine = inject("engine");

let storage: SeededStorage | undefined;
let server: RunningServer;

beforeAll(async () => {
  storage = await seededStorage(engine, "shutdown");
  server = await startServer({ env: storage.env });
});

afterAll(async () => {
  await server?.stop("SIGKILL");
  await storage?.drop();
});

/** A raw HTTP/1.1 connection, so the test decides when each byte goes out. */
async function connect(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let received = "";
  socket.on("data", (chunk) => (received += chunk));
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    received: () => received,
    closed,
    async response(): Promise<string> {
      const deadline = Date.now() + 15_000;
      while (!/\r\n\r\n/.test(received) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return received;
    },
  };
}

describe("graceful shutdown", () => {
  it("finishes the request in flight, refuses new connections, closes idle connections, then exits 0", async () => {
    const user = await newUser(api(server.url));
    const body = JSON.stringify({ login: user.username, password: user.password });
    // A kept-alive connection a load balancer's probe would use, opened before the signal.
    const probe = await connect(server.port);
    // A sign-in whose body has not all arrived when the signal comes: it is in flight.
    const inFlight = await connect(server.port);
    inFlight.socket.write(
      `POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Forwarded-For: 10.9.8.7\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    server.process.kill("SIGTERM");

    // New connections are refused soon after the signal: the listening socket is closed.
    const tryConnect = () =>
      new Promise<string>((resolve) => {
        const socket = net.connect(server.port, "127.0.0.1");
        socket.once("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
    let outcome = await tryConnect();
    while (outcome === "connected" && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      outcome = await tryConnect();
    }
    expect(outcome).toBe("ECONNREFUSED");

    // The in-flight request is finished once its body arrives, and answered normally.
    inFlight.socket.write(body.slice(10));
    const answer = await inFlight.response();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);

    const code = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(server.output()).toMatch(/"msg":"shut down"/);
    // The idle kept-alive connection was closed too, so nothing waits on a dead instance.
    await probe.closed;
  });
});
