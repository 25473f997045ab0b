import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, parseDatabaseConfig } from "./env";

const secret = "s".repeat(40);
const pepper = "p".repeat(40);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "keel-env-"));

describe("parseConfig", () => {
  it("uses the embedded database under KEEL_DATA_DIR when DATABASE_URL is unset", () => {
    const dir = tmp();
    const config = parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dir } as NodeJS.ProcessEnv);
    expect(config.database).toEqual({ kind: "embedded", dir: path.join(dir, "pglite") });
    expect(config.migrateOnStart).toBe(true);
  });

  it("treats empty variables as unset", () => {
    const dir = tmp();
    const config = parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dir, DATABASE_URL: "" } as NodeJS.ProcessEnv);
    expect(config.database.kind).toBe("embedded");
  });

  it("uses Postgres with a bounded pool, and the direct URL for migrations", () => {
    const config = parseConfig({
      NODE_ENV: "production",
      AUTH_SECRET: secret,
      PASSWORD_PEPPER: pepper,
      DATABASE_URL: "postgres://app@pooler:6543/keel",
      DIRECT_DATABASE_URL: "postgresql://app@db:5432/keel",
      DATABASE_POOL_MAX: "5",
    } as NodeJS.ProcessEnv);
    expect(config.database).toMatchObject({
      kind: "postgres",
      url: "postgres://app@pooler:6543/keel",
      migrationUrl: "postgresql://app@db:5432/keel",
      poolMax: 5,
    });
  });

  it("generates a development secret once and keeps it in the data folder", () => {
    const dir = tmp();
    const env = { NODE_ENV: "development", KEEL_DATA_DIR: dir } as NodeJS.ProcessEnv;
    const first = parseConfig(env).auth.secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(parseConfig(env).auth.secret).toBe(first);
    expect(fs.statSync(path.join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
  });

  it("requires AUTH_SECRET and PASSWORD_PEPPER in production, and reports both at once", () => {
    const attempt = () => parseConfig({ NODE_ENV: "production", KEEL_DATA_DIR: tmp() } as NodeJS.ProcessEnv);
    expect(attempt).toThrow(/AUTH_SECRET is required in production.*openssl rand -base64 32/);
    expect(attempt).toThrow(/PASSWORD_PEPPER is required in production/);
  });

  it("refuses a pepper equal to the secret", () => {
    expect(() =>
      parseConfig({ NODE_ENV: "production", AUTH_SECRET: secret, PASSWORD_PEPPER: secret } as NodeJS.ProcessEnv),
    ).toThrow(/PASSWORD_PEPPER must differ from AUTH_SECRET/);
  });

  it("has the documented auth defaults and accepts bcrypt costs from 10 to 15 only", () => {
    const config = parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: tmp() } as NodeJS.ProcessEnv);
    expect(config.auth).toMatchObject({
      bcryptCost: 12,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 30 * 24 * 3600,
    });
    expect(config.rateLimits.loginFailuresPerAccount).toBe(10);
    const withCost = (cost: string) => () =>
      parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: tmp(), BCRYPT_COST: cost } as NodeJS.ProcessEnv);
    expect(withCost("9")).toThrow(/BCRYPT_COST: must be at least 10/);
    expect(withCost("16")).toThrow(/BCRYPT_COST: must be at most 15/);
    expect(withCost("10")().auth.bcryptCost).toBe(10);
  });

  it("requires DATABASE_URL on Vercel and does not migrate there on start by default", () => {
    expect(() => parseConfig({ NODE_ENV: "production", VERCEL: "1", AUTH_SECRET: secret, PASSWORD_PEPPER: pepper } as NodeJS.ProcessEnv)).toThrow(
      /DATABASE_URL is required on Vercel/,
    );
    const config = parseConfig({
      NODE_ENV: "production",
      VERCEL: "1",
      AUTH_SECRET: secret,
      PASSWORD_PEPPER: pepper,
      DATABASE_URL: "postgres://x@y/z",
    } as NodeJS.ProcessEnv);
    expect(config.migrateOnStart).toBe(false);
  });

  it("names each invalid variable", () => {
    const attempt = () =>
      parseConfig({
        NODE_ENV: "staging",
        DATABASE_URL: "mysql://x",
        DATABASE_POOL_MAX: "lots",
        MIGRATE_ON_START: "perhaps",
      } as unknown as NodeJS.ProcessEnv);
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["NODE_ENV", "DATABASE_URL", "DATABASE_POOL_MAX", "MIGRATE_ON_START"]) expect(message).toContain(name);
    }
  });
});

describe("parseDatabaseConfig", () => {
  it("needs no secret (command-line tools)", () => {
    expect(parseDatabaseConfig({ NODE_ENV: "production", DATABASE_URL: "postgres://a@b/c" } as NodeJS.ProcessEnv)).toMatchObject({
      kind: "postgres",
    });
  });
});
