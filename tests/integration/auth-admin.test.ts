/**
 * The first administrator is created from the command line (`npm run user:create -- --admin`), the
 * way an operator does it, on a fresh database of the run's engine; a server started on that
 * database then signs the administrator in with role ADMIN. The API itself can never create one
 * (auth-register.test.ts: a `role` in the register body is refused and accounts are USER).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase, tempDir, withClient } from "../support/database";
import { engineServerEnv } from "../support/engine";
import { api, uniqueName } from "../support/http";
import { startServer, TEST_BCRYPT_COST, TEST_PASSWORD_PEPPER } from "../support/server";

const engine = inject("engine");
const root = path.resolve(__dirname, "../..");

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Fresh storage of the run's engine: a data folder, and a new database on Postgres. */
async function storage() {
  const dataDir = tempDir("admin");
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const database = engine === "postgres" ? await createTestDatabase("admin") : undefined;
  if (database) cleanups.push(() => database.drop());
  return { dataDir, databaseUrl: database?.url, env: engineServerEnv(engine, { dataDir, databaseUrl: database?.url }) };
}

/** Runs `npm run user:create -- ...args` with the password on standard input, as an operator would pipe it. */
function userCreate(args: string[], password: string, env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const childEnv: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      // The operator runs the command with the server's pepper, or the hash cannot be verified.
      PASSWORD_PEPPER: TEST_PASSWORD_PEPPER,
      CHECKPOINT_DISABLE: "1",
    };
    for (const [key, value] of Object.entries(env)) if (value !== undefined) childEnv[key] = value;
    const child = spawn("npm", ["run", "--silent", "user:create", "--", ...args], { cwd: root, env: childEnv as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${password}\n`);
  });
}

describe(`admin bootstrap from the command line (${engine})`, () => {
  it("creates an ADMIN that can sign in through the API with role ADMIN", async () => {
    const store = await storage();
    const username = uniqueName("root");
    const email = `${username}@Example.com`;
    const password = "the first administrator's passphrase";

    const created = await userCreate(["--admin", "--username", username, "--email", email], password, store.env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`Created administrator ${username} \\(id \\d+\\)\\.`));

    if (store.databaseUrl) {
      const rows = await withClient(store.databaseUrl, (db) =>
        db.query("SELECT role::text, email::text, password_hash FROM users WHERE username = $1", [username]),
      );
      expect(rows.rows).toEqual([{ role: "ADMIN", email: email.toLowerCase(), password_hash: expect.stringMatching(/^\$2[ab]\$12\$/) }]);
    }

    const server = await startServer({ env: store.env });
    cleanups.push(() => server.stop());
    const client = api(server.url);
    const signedIn = await client.post("/api/v1/auth/token", { login: username, password });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user).toEqual({
      id: expect.any(Number),
      username,
      email: email.toLowerCase(),
      role: "ADMIN",
      createdAt: expect.any(String),
      emailVerified: false,
      hasPassword: true,
      twoFactorEnabled: false,
    });
    const me = await client.get("/api/v1/profile", { token: signedIn.body.accessToken });
    expect(me.body.user.role).toBe("ADMIN");

    if (store.databaseUrl) {
      // The command used the production default cost (12); the server (the test cost, 4) upgraded the hash at sign-in.
      const rows = await withClient(store.databaseUrl, (db) => db.query("SELECT password_hash FROM users WHERE username = $1", [username]));
      expect(rows.rows[0].password_hash).toMatch(new RegExp(`^\\$2[ab]\\$${String(TEST_BCRYPT_COST).padStart(2, "0")}\\$`));
      expect((await client.post("/api/v1/auth/token", { login: username, password })).status).toBe(200);
    }
  });

  it("applies the registration rules: a common password is refused and nothing is created", async () => {
    const store = await storage();
    const username = uniqueName("root");
    const refused = await userCreate(["--admin", "--username", username, "--email", `${username}@example.com`], "password123", store.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^password: .*common/m);
    if (store.databaseUrl) {
      // Refused before the database was even opened: it has no tables.
      const rows = await withClient(store.databaseUrl, (db) => db.query("SELECT to_regclass('users')::text AS users"));
      expect(rows.rows).toEqual([{ users: null }]);
    } else {
      expect(fs.existsSync(path.join(store.dataDir, "pglite"))).toBe(false);
    }
  });
});
