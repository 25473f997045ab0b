/**
 * The database going away and coming back, through a TCP proxy the test controls (the machine's
 * Postgres keeps running). The server must answer 503 quickly and recover without a restart.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { adminUrl, createTestDatabase, withClient } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { startServer } from "../support/server";
import { api, newUser, tokensFor } from "../support/http";
import { startTcpProxy, throughProxy } from "../support/tcp-proxy";
import { tempDir } from "../support/database";

const engine = inject("engine");
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxiedServer(options: { cutBeforeStart?: boolean } = {}) {
  const database = await createTestDatabase("fault");
  cleanups.push(() => database.drop());
  const target = new URL(adminUrl());
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  cleanups.push(() => proxy.close());
  if (options.cutBeforeStart) await proxy.cut();
  const server = await startServer({
    env: engineServerEnv("postgres", { dataDir: tempDir("fault"), databaseUrl: throughProxy(database.url, proxy) }),
  });
  cleanups.push(() => server.stop("SIGKILL"));
  return { server, proxy, database };
}

async function timedHealth(url: string) {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/health`);
  const body = await response.json();
  return { status: response.status, body, ms: performance.now() - started };
}

async function eventually(fn: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.runIf(engine === "postgres")("database outage", () => {
  it("answers 503 within a second while the database is cut off, and recovers without a restart", async () => {
    const { server, proxy } = await proxiedServer();
    expect((await timedHealth(server.url)).status).toBe(200);
    const client = api(server.url);
    const user = await newUser(client);
    const { accessToken } = await tokensFor(client, user);

    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const down = await timedHealth(server.url);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: "unavailable", database: "down", error: { code: "unavailable" } });
      expect(down.ms).toBeLessThan(1000);
    }
    // Every route that needs the database answers a clean 503 in the API's error shape, not a 500.
    const unavailable = { error: { code: "unavailable", message: expect.any(String) } };
    const calls = [
      () => client.get("/api/v1/profile", { token: accessToken }),
      () => client.post("/api/v1/auth/token", { login: user.username, password: user.password }),
      () => client.post("/api/v1/auth/register", { username: "nobody_down", email: "down@example.com", password: "a fine long passphrase" }),
      () => client.post("/api/v1/orders", { weightKg: 1, destination: "DE" }, { token: accessToken }),
      () => client.post("/api/v1/shipping/quote", { weightKg: 1, destination: "DE" }, { token: accessToken }),
      // The rate table in force is data: even an anonymous quote needs the database.
      () => client.post("/api/v1/shipping/quote", { weightKg: 1, destination: "DE" }),
    ];
    for (const call of calls) {
      const response = await call();
      expect(response.status).toBe(503);
      expect(response.body).toEqual(unavailable);
    }
    // Liveness needs no database; readiness says why this instance cannot serve.
    expect((await client.get("/api/v1/health/live")).status).toBe(200);
    const ready = await client.get("/api/v1/health/ready");
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: "unavailable", database: "down", error: { code: "unavailable" } });

    await proxy.restore();
    await eventually(async () => (await timedHealth(server.url)).status === 200);
    expect((await client.get("/api/v1/profile", { token: accessToken })).status).toBe(200);
    await eventually(async () => (await client.get("/api/v1/health/ready")).status === 200);
    expect(server.process.exitCode).toBeNull();
  });

  it("starts while the database is unreachable, then migrates and serves once it answers", async () => {
    const { server, proxy } = await proxiedServer({ cutBeforeStart: true });
    expect(await server.flushedOutput()).toContain("database unreachable at start");
    expect((await timedHealth(server.url)).status).toBe(503);

    await proxy.restore();
    await eventually(async () => (await timedHealth(server.url)).status === 200);
    expect(await server.flushedOutput()).toContain("applying migration");
  });
});

describe.runIf(engine === "postgres")("readiness and the schema", () => {
  it("is not ready while the database lacks a migration of this build, and ready again once it is applied", async () => {
    const { server, database } = await proxiedServer();
    const client = api(server.url);
    expect((await client.get("/api/v1/health/ready")).body).toMatchObject({ status: "ok", migrations: "ok" });
    const databaseUrl = database.url;
    const [latest] = (
      await withClient(databaseUrl, (db) =>
        db.query<{ id: string; migration_name: string }>("SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1"),
      )
    ).rows;
    // As if this build were deployed before its newest migration ran.
    await withClient(databaseUrl, (db) => db.query("UPDATE _prisma_migrations SET finished_at = NULL, rolled_back_at = now() WHERE id = $1", [latest!.id]));
    const pending = await client.get("/api/v1/health/ready");
    expect(pending.status).toBe(503);
    expect(pending.body).toMatchObject({ status: "unavailable", database: "ok", migrations: "pending", error: { code: "unavailable" } });
    expect((await client.get("/api/v1/health")).status).toBe(200);

    await withClient(databaseUrl, (db) => db.query("UPDATE _prisma_migrations SET finished_at = now(), rolled_back_at = NULL WHERE id = $1", [latest!.id]));
    expect((await client.get("/api/v1/health/ready")).status).toBe(200);
  });
});
