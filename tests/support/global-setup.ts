/**
 * Global setup of the integration project: one production server for the whole run, on the engine
 * named by KEEL_TEST_ENGINE (embedded PGlite in a temp folder, or a fresh Postgres database that is
 * dropped afterwards). Tests read where it is with `inject("baseUrl")`.
 */
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { type AdminSeed, createAdminSeed } from "./admin";
import { createTestDatabase, type TestDatabase, tempDir } from "./database";
import { idpServerEnv, type IdpInfo, type RunningIdp, startOidcProvider } from "./oidc-provider";
import { freePort } from "./ports";
import { type RunningServer, startServer } from "./server";
import { engineServerEnv, testEngine, type TestEngine } from "./engine";
import { createEmptyCluster } from "./storage";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    engine: TestEngine;
    /** The run's Postgres database (postgres engine only). */
    databaseUrl: string | null;
    /** The OpenID Connect provider on loopback that the server is configured with (tests/support/oidc-provider.ts). */
    idp: IdpInfo;
    /** The storage every admin world copies (tests/support/admin.ts). */
    adminSeed: AdminSeed;
    /** An empty PGlite cluster to copy (embedded engine; null on Postgres): tests/support/storage.ts. */
    emptyCluster: string | null;
  }
}

let server: RunningServer | undefined;
let database: TestDatabase | undefined;
let dataDir: string | undefined;
let idp: RunningIdp | undefined;
let seed: Awaited<ReturnType<typeof createAdminSeed>> | undefined;
let emptyCluster: Awaited<ReturnType<typeof createEmptyCluster>> | undefined;

export async function setup(project: TestProject) {
  const engine = testEngine();
  dataDir = tempDir("run");
  if (engine === "postgres") database = await createTestDatabase();
  // The seed starts from a copy of the empty cluster too: it costs the run one initdb, not two.
  if (engine === "embedded") emptyCluster = await createEmptyCluster();
  project.provide("emptyCluster", emptyCluster?.dir ?? null);
  seed = await createAdminSeed(engine, emptyCluster?.dir);
  project.provide("adminSeed", seed.seed);
  // The provider must know the server's callback URL before the server knows the provider's issuer.
  const port = await freePort();
  idp = await startOidcProvider({ webRedirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`] });
  server = await startServer({
    port,
    env: {
      // Warnings and errors only: no test reads this server's output (files that check logs start a
      // server of their own), and a JSON line for each of the run's requests cost a fifth of the CPU
      // of a cheap request (docs/performance.md). KEEL_TEST_LOG_LEVEL=info brings them back.
      LOG_LEVEL: process.env.KEEL_TEST_LOG_LEVEL || "warn",
      ...engineServerEnv(engine, { dataDir, databaseUrl: database?.url }),
      ...idpServerEnv(idp),
    },
  });
  project.provide("baseUrl", server.url);
  project.provide("engine", engine);
  project.provide("databaseUrl", database?.url ?? null);
  const { close: _close, ...idpInfo } = idp;
  project.provide("idp", idpInfo);
  console.log(`integration tests: ${engine} engine, server at ${server.url}`);
}

export async function teardown() {
  const code = await server?.stop();
  if (code !== 0 && server) console.error(`test server exited with ${code}:\n${server.output()}`);
  await database?.drop();
  await idp?.close();
  await seed?.drop();
  emptyCluster?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
