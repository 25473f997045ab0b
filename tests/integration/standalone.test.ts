/**
 * The self-hosted artefact: Next's standalone server laid out as in the Docker image, started with
 * `node server.js` like the image's CMD. (Building the image itself needs a Docker engine.)
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase, tempDir } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { type RunningServer, startServer } from "../support/server";
import { prepareStandalone } from "../support/standalone";
import { copyEmptyCluster } from "../support/storage";

const engine = inject("engine");

describe(`standalone server (${engine})`, () => {
  let dir: string;
  let dataDir: string;
  let database: TestDatabase | undefined;
  let server: RunningServer;

  beforeAll(async () => {
    dir = prepareStandalone();
    dataDir = tempDir("standalone-data");
    // Migrations at start are this test's subject, PGlite's initdb is not (tests/support/storage.ts).
    if (engine === "embedded") copyEmptyCluster(dataDir);
    if (engine === "postgres") database = await createTestDatabase("standalone");
    server = await startServer({ standaloneDir: dir, env: engineServerEnv(engine, { dataDir, databaseUrl: database?.url }) });
  });

  afterAll(async () => {
    await server?.stop("SIGKILL");
    await database?.drop();
    for (const folder of [dir, dataDir]) if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("migrates its database from the files it ships with and passes the health check", async () => {
    const response = await fetch(`${server.url}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
    expect(await server.flushedOutput()).toContain("applying migration");
  });

  it("serves pages with their static assets", async () => {
    const html = await (await fetch(server.url)).text();
    const stylesheet = /href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    expect((await fetch(`${server.url}${stylesheet}`)).status).toBe(200);
    expect((await fetch(`${server.url}/robots.txt`)).status).toBe(200);
  });

  it("closes its database and exits cleanly on SIGTERM (docker stop)", async () => {
    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output()).toMatch(/"signal":"SIGTERM".*"msg":"shutting down"/);
    if (engine === "embedded") expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  });
});
