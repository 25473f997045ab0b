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
      MAIL_TRANSPORT: "log",
      PAYMENTS_PROVIDER: "test",
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

  it("has the documented auth defaults and accepts bcrypt costs from 10 to 15 only (from 4 when a test server asks)", () => {
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
    // Test servers may go lower, only when they say so, and never below bcrypt's own minimum.
    const lowCost = (cost: string) => () =>
      parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: tmp(), BCRYPT_COST: cost, BCRYPT_ALLOW_LOW_COST: "true" } as NodeJS.ProcessEnv);
    expect(lowCost("4")().auth.bcryptCost).toBe(4);
    expect(lowCost("3")).toThrow(/BCRYPT_COST: must be at least 10 \(4 with BCRYPT_ALLOW_LOW_COST/);
    expect(withCost("4")).toThrow(/BCRYPT_COST: must be at least 10/);
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
      MAIL_TRANSPORT: "log",
      PAYMENTS_PROVIDER: "test",
    } as NodeJS.ProcessEnv);
    expect(config.migrateOnStart).toBe(false);
    expect(config.jobs.worker).toBe("off");
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

describe("mail and job configuration", () => {
  const secret = "s".repeat(32);
  const pepper = "p".repeat(32);
  const production = { NODE_ENV: "production", AUTH_SECRET: secret, PASSWORD_PEPPER: pepper, PAYMENTS_PROVIDER: "test" } as const;
  const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "keel-env-mail-"));

  it("refuses to start in production without SMTP_URL, and says how to fix it", () => {
    const attempt = () => parseConfig({ ...production, KEEL_DATA_DIR: dataDir() } as NodeJS.ProcessEnv);
    expect(attempt).toThrow(/SMTP_URL is required in production.*smtps:\/\/.*MAIL_TRANSPORT=log/s);
  });

  it("accepts MAIL_TRANSPORT=log in production, explicitly", () => {
    const config = parseConfig({ ...production, KEEL_DATA_DIR: dataDir(), MAIL_TRANSPORT: "log" } as NodeJS.ProcessEnv);
    expect(config.mail.transport).toBe("log");
  });

  it("needs MAIL_FROM and APP_URL beside SMTP_URL in production", () => {
    const attempt = () =>
      parseConfig({ ...production, KEEL_DATA_DIR: dataDir(), SMTP_URL: "smtps://u:p@smtp.example.com:465" } as NodeJS.ProcessEnv);
    expect(attempt).toThrow(/MAIL_FROM is required/);
    expect(attempt).toThrow(/APP_URL is required in production with SMTP_URL/);
    const config = parseConfig({
      ...production,
      KEEL_DATA_DIR: dataDir(),
      SMTP_URL: "smtps://u:p@smtp.example.com:465",
      MAIL_FROM: "Keel <no-reply@example.com>",
      APP_URL: "https://keel.example.com/",
    } as NodeJS.ProcessEnv);
    expect(config.mail).toMatchObject({ transport: "smtp", from: "Keel <no-reply@example.com>", appUrl: "https://keel.example.com" });
  });

  it("uses the development mailbox without SMTP_URL outside production, never in production", () => {
    expect(parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dataDir() } as NodeJS.ProcessEnv).mail.transport).toBe("mailbox");
    expect(() => parseConfig({ ...production, KEEL_DATA_DIR: dataDir(), MAIL_TRANSPORT: "mailbox" } as NodeJS.ProcessEnv)).toThrow(
      /development only/,
    );
  });

  it("rejects an SMTP_URL that is not smtp:// or smtps://", () => {
    expect(() => parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dataDir(), SMTP_URL: "http://mail.example.com" } as NodeJS.ProcessEnv)).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
  });

  it("runs the worker inline by default, and validates the job settings", () => {
    const config = parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dataDir() } as NodeJS.ProcessEnv);
    expect(config.jobs).toMatchObject({ worker: "inline", retryLimit: 8, retryDelaySeconds: 30, cronSecret: null });
    expect(() => parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dataDir(), JOB_WORKER: "sometimes" } as NodeJS.ProcessEnv)).toThrow(
      /JOB_WORKER/,
    );
    expect(() => parseConfig({ NODE_ENV: "development", KEEL_DATA_DIR: dataDir(), CRON_SECRET: "short" } as NodeJS.ProcessEnv)).toThrow(
      /CRON_SECRET: must be at least 16 characters/,
    );
  });
});

describe("identity providers", () => {
  const base = () => ({ NODE_ENV: "production", AUTH_SECRET: secret, PASSWORD_PEPPER: pepper, MAIL_TRANSPORT: "log", PAYMENTS_PROVIDER: "test", KEEL_DATA_DIR: tmp() });
  const parse = (env: Record<string, string>) => parseConfig({ ...base(), ...env } as NodeJS.ProcessEnv);

  it("offers none when nothing is set", () => {
    expect(parse({}).identityProviders).toEqual({ oidc: null, github: null, google: null });
  });

  it("reads a generic OpenID Connect provider, with its mobile clients", () => {
    const { oidc } = parse({
      OIDC_ISSUER: "https://login.example.com/realms/keel",
      OIDC_CLIENT_ID: "keel-web",
      OIDC_CLIENT_SECRET: "shh",
      OIDC_MOBILE_CLIENT_IDS: " ios-app, android-app ,",
    }).identityProviders;
    expect(oidc).toEqual({
      issuer: "https://login.example.com/realms/keel",
      clientId: "keel-web",
      clientSecret: "shh",
      name: "OpenID Connect",
      mobileClientIds: ["ios-app", "android-app"],
    });
  });

  it("reads GitHub and Google by their pairs of variables", () => {
    const config = parse({ GITHUB_ID: "gh", GITHUB_SECRET: "ghs", GOOGLE_ID: "go", GOOGLE_SECRET: "gos" });
    expect(config.identityProviders.github).toEqual({ clientId: "gh", clientSecret: "ghs" });
    expect(config.identityProviders.google).toEqual({ clientId: "go", clientSecret: "gos" });
  });

  it("refuses half-configured providers and plain-http issuers in production, naming the variables", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ GITHUB_ID: "gh" }, /GITHUB_SECRET/],
      [{ GOOGLE_SECRET: "x" }, /GOOGLE_ID/],
      [{ OIDC_CLIENT_ID: "keel" }, /OIDC_ISSUER/],
      [{ OIDC_ISSUER: "https://login.example.com" }, /OIDC_CLIENT_ID/],
      [{ OIDC_ISSUER: "http://login.example.com", OIDC_CLIENT_ID: "keel" }, /https/],
      [{ OIDC_ISSUER: "not a url", OIDC_CLIENT_ID: "keel" }, /OIDC_ISSUER/],
    ];
    for (const [env, message] of cases) {
      expect(() => parse(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => parse(env)).toThrow(message);
    }
    // Loopback may be plain http (development, tests).
    expect(parse({ OIDC_ISSUER: "http://127.0.0.1:8080", OIDC_MOBILE_CLIENT_IDS: "app" }).identityProviders.oidc?.clientId).toBeNull();
  });
});

describe("passkeys' relying party", () => {
  const base = () => ({ NODE_ENV: "production", AUTH_SECRET: secret, PASSWORD_PEPPER: pepper, MAIL_TRANSPORT: "log", PAYMENTS_PROVIDER: "test", KEEL_DATA_DIR: tmp() });
  const parse = (env: Record<string, string>) => parseConfig({ ...base(), ...env } as NodeJS.ProcessEnv);
  const apk = `android:apk-key-hash:${"A".repeat(42)}Q`;

  it("defaults to APP_URL's hostname (no port) and no further origins", () => {
    expect(parse({ APP_URL: "https://keel.example.com:8443" }).webauthn).toEqual({ rpId: "keel.example.com", extraOrigins: [] });
    // Without APP_URL the request's own origin decides (development on any host).
    expect(parse({}).webauthn).toEqual({ rpId: null, extraOrigins: [] });
  });

  it("takes a parent domain as RP ID, and app origins (Android facets, https subdomains)", () => {
    const config = parse({ APP_URL: "https://app.example.com", WEBAUTHN_RP_ID: "example.com", WEBAUTHN_ORIGINS: ` ${apk}, https://shop.example.com ,` });
    expect(config.webauthn).toEqual({ rpId: "example.com", extraOrigins: [apk, "https://shop.example.com"] });
    expect(parse({ WEBAUTHN_ORIGINS: "http://localhost:8081" }).webauthn.extraOrigins).toEqual(["http://localhost:8081"]);
  });

  it("refuses an RP ID or origins that passkeys could never work with, naming the variable", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ APP_URL: "https://keel.example.com", WEBAUTHN_RP_ID: "other.example" }, /WEBAUTHN_RP_ID .*parent domain/],
      [{ WEBAUTHN_RP_ID: "https://keel.example.com" }, /WEBAUTHN_RP_ID: must be a lower-case domain/],
      [{ WEBAUTHN_RP_ID: "keel.example.com:443" }, /WEBAUTHN_RP_ID/],
      [{ WEBAUTHN_RP_ID: "192.168.1.10" }, /IP address/],
      [{ APP_URL: "https://keel.example.com", WEBAUTHN_ORIGINS: "https://evil.example.net" }, /not on the relying party's domain keel.example.com/],
      [{ APP_URL: "https://keel.example.com", WEBAUTHN_ORIGINS: "http://keel.example.com" }, /must be https/],
      [{ WEBAUTHN_ORIGINS: "https://app.example.com/path" }, /WEBAUTHN_ORIGINS/],
      [{ WEBAUTHN_ORIGINS: "android:apk-key-hash:short" }, /WEBAUTHN_ORIGINS/],
      [{ WEBAUTHN_ORIGINS: "https://app.example.com" }, /needs APP_URL or WEBAUTHN_RP_ID/],
      [{ RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: "0" }, /RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP/],
    ];
    for (const [env, message] of cases) {
      expect(() => parse(env), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => parse(env), JSON.stringify(env)).toThrow(message);
    }
  });
});

describe("payments", () => {
  const production = () => ({ NODE_ENV: "production", AUTH_SECRET: secret, PASSWORD_PEPPER: pepper, MAIL_TRANSPORT: "log", KEEL_DATA_DIR: tmp() });
  const stripeKeys = { STRIPE_SECRET_KEY: "sk_test_abc123", STRIPE_PUBLISHABLE_KEY: "pk_test_abc123", STRIPE_WEBHOOK_SECRET: "whsec_abc123" };
  const parse = (env: Record<string, string>) => parseConfig(env as NodeJS.ProcessEnv);

  it("uses the test provider in development when nothing is configured", () => {
    expect(parse({ NODE_ENV: "development", KEEL_DATA_DIR: tmp() }).payments).toEqual({ provider: "test", stripe: null });
  });

  it("refuses to start production with the test provider unless PAYMENTS_PROVIDER=test, and says how to fix it", () => {
    expect(() => parse(production())).toThrow(/Payments need Stripe in production.*STRIPE_SECRET_KEY.*PAYMENTS_PROVIDER=test/s);
    expect(parse({ ...production(), PAYMENTS_PROVIDER: "test" }).payments.provider).toBe("test");
  });

  it("uses Stripe when its three keys are set, with STRIPE_API_URL when given", () => {
    expect(parse({ ...production(), ...stripeKeys }).payments).toEqual({
      provider: "stripe",
      stripe: { secretKey: "sk_test_abc123", publishableKey: "pk_test_abc123", webhookSecret: "whsec_abc123", apiUrl: null },
    });
    expect(parse({ ...production(), ...stripeKeys, STRIPE_API_URL: "http://127.0.0.1:4010" }).payments.stripe?.apiUrl).toBe("http://127.0.0.1:4010");
  });

  it("refuses half a Stripe configuration, and PAYMENTS_PROVIDER=stripe without keys", () => {
    expect(() => parse({ NODE_ENV: "development", KEEL_DATA_DIR: tmp(), STRIPE_SECRET_KEY: "sk_test_abc123" })).toThrow(/needs all of STRIPE_SECRET_KEY/);
    expect(() => parse({ NODE_ENV: "development", KEEL_DATA_DIR: tmp(), PAYMENTS_PROVIDER: "stripe" })).toThrow(/PAYMENTS_PROVIDER=stripe needs/);
  });

  it("rejects keys of the wrong kind (a publishable key as the secret key)", () => {
    expect(() => parse({ ...production(), ...stripeKeys, STRIPE_SECRET_KEY: "pk_test_abc123" })).toThrow(/STRIPE_SECRET_KEY: must be a Stripe secret/);
    expect(() => parse({ ...production(), ...stripeKeys, PAYMENTS_PROVIDER: "paypal" })).toThrow(/PAYMENTS_PROVIDER: must be "stripe" or "test"/);
  });
});
