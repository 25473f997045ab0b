/**
 * The one place that reads the environment. Everything else asks `getConfig()`.
 *
 * Validation runs at build time (next.config.js runs scripts/check-env.ts), once at server start
 * (instrumentation.ts) and in command-line scripts, and fails with a message that names the variable
 * and says how to fix it. Every variable is documented in .env.example and in the README's
 * configuration table.
 *
 * server-only: this module holds the secrets. Command-line scripts run with
 * `--conditions=react-server` (package.json) so that they may import it.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { processSingleton } from "@/lib/process-singleton";

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
    message: "must be a postgres:// or postgresql:// connection URL",
  });

/** An Android app's facet (what its passkey responses carry as `origin`): the signing certificate's SHA-256, base64url. */
const ANDROID_ORIGIN = /^android:apk-key-hash:[A-Za-z0-9_-]{43}$/;

const LOW_COST_MESSAGE = "must be at least 10 (4 with BCRYPT_ALLOW_LOW_COST=true, for test servers)";

const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/** ISO 3166-1's user-assigned codes, which ICU names ("Unknown Region") but no country has. */
const USER_ASSIGNED_REGION = /^(AA|Q[M-Z]|X[A-Z]|ZZ)$/;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  VERCEL: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DIRECT_DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  DATABASE_PREPARED_STATEMENTS: z.stringbool().default(true),
  KEEL_DATA_DIR: z.string().min(1).default(".data"),
  MIGRATE_ON_START: z.stringbool().optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  PASSWORD_PEPPER: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  APP_URL: z
    .url({ protocol: /^https?$/, error: "must be the app's public URL, e.g. https://keel.example.com" })
    .optional(),
  BCRYPT_COST: z.coerce.number().int().min(4, LOW_COST_MESSAGE).max(15, "must be at most 15").default(12),
  /**
   * Lets BCRYPT_COST go below 10 (down to 4): for test servers only, where thousands of accounts are
   * made and signed in and a cost-10 hash (~70 ms of CPU here) was a large part of the test run.
   * Without it the floor of 10 stands, so a typo cannot weaken production's password hashes.
   */
  BCRYPT_ALLOW_LOW_COST: z.stringbool().default(false),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(3_600).max(31_536_000).default(2_592_000),
  SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(300).max(31_536_000).default(2_592_000),
  ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(180),
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).optional(),
  // The direct body read of Node's own server (lib/server/node-hooks.ts): "off" reads bodies through the web Request.
  KEEL_NODE_HOOKS: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000).default(10),
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
  RATE_LIMIT_REGISTRATIONS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  RATE_LIMIT_REFRESHES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(600),
  RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE: z.coerce.number().int().min(1).max(100).default(5),
  RATE_LIMIT_LOGIN_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  // NIST SP 800-63B 5.2.2: no more than 100 consecutive failed attempts on one account.
  RATE_LIMIT_LOGIN_FAILURES_CAP: z.coerce.number().int().min(1).max(100, "must be at most 100 (NIST SP 800-63B)").default(100),
  RATE_LIMIT_IDENTITY_CHANGES_PER_USER: z.coerce.number().int().min(1).max(10_000).default(10),
  RATE_LIMIT_IDENTITY_CHANGES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000).default(5),
  RATE_LIMIT_PASSWORD_RESETS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  RATE_LIMIT_VERIFICATION_EMAILS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000).default(5),
  RATE_LIMIT_LINK_TOKEN_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  CORS_ORIGINS: z
    .string()
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(
      z.array(
        z.string().refine((origin) => origin !== "*" && URL.canParse(origin) && new URL(origin).origin === origin, {
          message: "must be a comma-separated list of origins such as https://app.example.com (no paths, no *)",
        }),
      ),
    )
    .optional(),
  JOB_WORKER: z.enum(["inline", "off"], { error: 'must be "inline" (run jobs in this server) or "off" (web only)' }).optional(),
  JOB_RETRY_LIMIT: z.coerce.number().int().min(0).max(50).default(8),
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
  JOB_POLL_INTERVAL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  JOB_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  CRON_SECRET: z.string().min(16, "must be at least 16 characters (try: openssl rand -base64 32)").optional(),
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^/]+/.test(value) && URL.canParse(value), {
      message: "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465",
    })
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).optional(),
  CONTACT_EMAIL: z.email({ error: "must be an e-mail address, e.g. CONTACT_EMAIL=support@example.com" }).optional(),
  MAIL_TRANSPORT: z
    .enum(["smtp", "log", "mailbox"], { error: 'must be "smtp", "log" or "mailbox"' })
    .optional(),
  // External identity providers (lib/auth/identities/providers.ts). Each one is offered only when its
  // variables are set; a half-configured provider is an error, not a silently missing button.
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: "must be the identity provider's issuer URL, e.g. https://login.example.com/realms/keel" })
    .optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(255).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(1000).optional(),
  OIDC_NAME: z.string().min(1).max(50).optional(),
  OIDC_MOBILE_CLIENT_IDS: z
    .string()
    .transform((value) => value.split(",").map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(255)))
    .optional(),
  GITHUB_ID: z.string().min(1).max(255).optional(),
  GITHUB_SECRET: z.string().min(1).max(1000).optional(),
  GOOGLE_ID: z.string().min(1).max(255).optional(),
  GOOGLE_SECRET: z.string().min(1).max(1000).optional(),
  RATE_LIMIT_OIDC_EXCHANGES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(60),
  // Passkeys (lib/auth/passkeys): the relying party, the origins allowed beside APP_URL (apps), and
  // the sign-in attempts per client IP. Checked against each other below (webauthnOf).
  WEBAUTHN_RP_ID: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
      message: "must be a lower-case domain name without scheme or port, e.g. keel.example.com (APP_URL's host or a parent domain of it)",
    })
    .refine((value) => !/^\d+(\.\d+){3}$/.test(value), { message: "must be a domain name: browsers refuse an IP address as a passkey's relying party" })
    .optional(),
  WEBAUTHN_ORIGINS: z
    .string()
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean))
    .pipe(
      z.array(
        z.string().refine((origin) => ANDROID_ORIGIN.test(origin) || (URL.canParse(origin) && new URL(origin).origin === origin && /^https?:$/.test(new URL(origin).protocol)), {
          message: "must be a comma-separated list of origins such as https://app.example.com or android:apk-key-hash:<base64url SHA-256 of the app's signing certificate>",
        }),
      ),
    )
    .optional(),
  RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(300),
  // Running many instances (README "Running in production"): shared rate limits, logs, traces.
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\/.+/.test(value) && URL.canParse(value), {
      message: "must be a redis:// or rediss:// URL, e.g. redis://:password@redis.internal:6379/0",
    })
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,64}$/, "must be 1-64 letters, digits or : _ . - (e.g. keel:production:)")
    .default("keel:"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: 'must be one of "fatal", "error", "warn", "info", "debug", "trace", "silent"',
    })
    .default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"], { error: 'must be "json" or "pretty"' }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://otel-collector:4318" }).optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://otel-collector:4318/v1/traces" })
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).default("keel"),
  // Payments (lib/payments): Stripe when its three keys are set, else the test provider, which
  // production accepts only when asked for by name (PAYMENTS_PROVIDER=test).
  PAYMENTS_PROVIDER: z.enum(["stripe", "test"], { error: 'must be "stripe" or "test"' }).optional(),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe secret or restricted key (sk_live_..., sk_test_..., rk_...)")
    .optional(),
  STRIPE_PUBLISHABLE_KEY: z.string().regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, "must be a Stripe publishable key (pk_live_... or pk_test_...)").optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, "must be the webhook endpoint's signing secret (whsec_...)").optional(),
  STRIPE_API_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://127.0.0.1:12111 (a Stripe stand-in)" }).optional(),
  // API keys and webhooks for other backends (lib/api-keys, lib/webhooks).
  RATE_LIMIT_API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000_000).default(600),
  RATE_LIMIT_API_KEY_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(50),
  WEBHOOKS_ALLOW_PRIVATE_URLS: z.stringbool().default(false),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.5).max(30).default(10),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(15),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3_600).default(60),
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: z.coerce.number().min(0.1).max(86_400).default(43_200),
  // Labels and tracking (lib/tracking).
  TRACKING_ORIGIN_COUNTRY: z
    .string()
    // ICU's region names, not lib/shipping's list: configuration does not import a feature.
    .refine((value) => /^[A-Z]{2}$/.test(value) && !USER_ASSIGNED_REGION.test(value) && regionNames.of(value) !== undefined, {
      message: "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. US",
    })
    .default("US"),
  RATE_LIMIT_TRACKING_LOOKUPS_PER_IP: z.coerce.number().int().min(1).max(100_000_000).default(120),
  RATE_LIMIT_LABELS_PER_USER: z.coerce.number().int().min(1).max(100_000_000).default(60),
  TRACKING_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
}).check((ctx) => {
  if (ctx.value.BCRYPT_COST < 10 && !ctx.value.BCRYPT_ALLOW_LOW_COST) {
    ctx.issues.push({ code: "custom", path: ["BCRYPT_COST"], message: LOW_COST_MESSAGE, input: ctx.value.BCRYPT_COST });
  }
});

type RawEnv = z.infer<typeof schema>;

export type DatabaseConfig =
  | {
      kind: "postgres";
      /** Runtime URL; may point at a pooler (PgBouncer, Supavisor, Neon's pooled endpoint). */
      url: string;
      /** Direct, non-pooled URL for migrations (advisory locks need a real session). */
      migrationUrl: string;
      poolMax: number;
      connectTimeoutMs: number;
      /** Server-side statement_timeout; 0 leaves the database default (some poolers reject the setting). */
      statementTimeoutMs: number;
      /** Named (cached) prepared statements; off for poolers that cannot keep them (PgBouncer < 1.21 in transaction mode). */
      preparedStatements: boolean;
    }
  | { kind: "embedded"; dir: string };

export interface AppConfig {
  /** The running build's version (package.json, set at build time by next.config.js); "dev" otherwise. */
  version: string;
  production: boolean;
  onVercel: boolean;
  /** Local state (the embedded database, development secrets). */
  dataDir: string;
  database: DatabaseConfig;
  /** Apply pending migrations when the server starts (default: yes, except on Vercel). */
  migrateOnStart: boolean;
  /** Public origin of the app (scheme://host[:port]); unset: taken from each request's Host. */
  appUrl: string | null;
  /** Where people write to (the footer's contact link); unset: no contact link. */
  contactEmail: string | null;
  auth: AuthConfig;
  rateLimits: RateLimitConfig;
  /**
   * How many reverse proxies in front of the server append to X-Forwarded-For; the client address
   * is the entry that many places from the right (0: the TCP peer). On Vercel, x-real-ip is used.
   */
  trustProxy: number;
  /**
   * KEEL_NODE_HOOKS: whether Node's own server hands its request to the body reader directly (the fast
   * path, which relies on Node's internals); "off" reads bodies through the web Request. The rest of
   * the HTTP hook (request ids, draining, X-Forwarded-For) is not switched (lib/server/node-hooks.ts).
   */
  nodeHooks: "on" | "off";
  /** Origins of browser apps allowed to call the API cross-origin (with bearer tokens, never cookies). */
  corsOrigins: string[];
  jobs: JobsConfig;
  mail: MailConfig;
  identityProviders: IdentityProvidersConfig;
  /** Shared state of several instances: rate-limit counters in Redis when set (Postgres otherwise). */
  redisUrl: string | null;
  /** Put before every Redis key, so several deployments (or environments) can share one Redis. */
  redisKeyPrefix: string;
  observability: ObservabilityConfig;
  webauthn: WebAuthnConfig;
  payments: PaymentsConfig;
  apiKeys: ApiKeysConfig;
  webhooks: WebhooksConfig;
  tracking: TrackingConfig;
}

/** The passkeys' relying party (lib/auth/passkeys/relying-party.ts). */
export interface WebAuthnConfig {
  /** WEBAUTHN_RP_ID, else APP_URL's hostname; null: the hostname of each request's origin (no APP_URL). */
  rpId: string | null;
  /** Origins accepted beside the app's own (APP_URL, or the request's origin without it): WEBAUTHN_ORIGINS. */
  extraOrigins: string[];
}

export interface ApiKeysConfig {
  /** Requests one API key may make per minute (a budget of its own, apart from people's limits). */
  requestsPerMinute: number;
  /** Unknown, revoked or expired API keys presented per client IP in 15 minutes before 429. */
  failuresPerIp: number;
}

export interface WebhooksConfig {
  /** Development and tests only: lets webhook URLs be http and point at private or loopback addresses. */
  allowPrivateUrls: boolean;
  /** How long one delivery attempt may take, connection to last byte (10 s). */
  timeoutMs: number;
  /** Attempts per event, the first included, before the delivery is failed (15: about three days). */
  maxAttempts: number;
  /** The wait before the first retry; each further one doubles it, up to retryMaxDelaySeconds, with jitter. */
  retryBaseSeconds: number;
  retryMaxDelaySeconds: number;
}

/** Which payment provider takes the customers' payments (lib/payments). */
export interface PaymentsConfig {
  provider: "stripe" | "test";
  /** Set exactly when `provider` is "stripe". */
  stripe: {
    secretKey: string;
    publishableKey: string;
    webhookSecret: string;
    /** Another server for the SDK to talk to (a stand-in in tests); null: Stripe's own API. */
    apiUrl: string | null;
  } | null;
}

export interface TrackingConfig {
  /**
   * The country of the office that issues S10 numbers for orders without a sender address (placed
   * before orders had one): the last two letters of their tracking numbers.
   */
  originCountry: string;
  /** Public tracking lookups per client IP in 15 minutes (every lookup counts, 304s too). */
  lookupsPerIp: number;
  /** Labels rendered per user in 15 minutes (GET /api/v1/orders/{id}/label: a PDF with fonts and a barcode each time). */
  labelsPerUser: number;
  /** How long browsers and shared caches may keep a public tracking answer (Cache-Control max-age). */
  cacheSeconds: number;
}

export interface ObservabilityConfig {
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** json: one JSON object per line (production default); pretty: for people (development default, needs pino-pretty). */
  logFormat: "json" | "pretty";
  /** Traces are exported over OTLP/HTTP when an OTEL_EXPORTER_OTLP_* endpoint is set; null: tracing is off. */
  otlpTracesEndpoint: string | null;
  serviceName: string;
}

/** The external identity providers that are configured; null: not offered. */
export interface IdentityProvidersConfig {
  /**
   * A generic OpenID Connect provider (discovered from `${issuer}/.well-known/openid-configuration`).
   * The web sign-in needs clientId and clientSecret; the mobile ID-token exchange needs clientId or
   * mobileClientIds (the audiences an ID token may be issued to).
   */
  oidc: {
    issuer: string;
    clientId: string | null;
    clientSecret: string | null;
    /** The button's label. */
    name: string;
    mobileClientIds: string[];
  } | null;
  github: { clientId: string; clientSecret: string } | null;
  google: { clientId: string; clientSecret: string } | null;
}

export interface JobsConfig {
  /** inline: this server process runs jobs; off: it only enqueues (web-only instances, Vercel). */
  worker: "inline" | "off";
  /** Attempts after the first one before a job is dead-lettered (state failed, error kept). */
  retryLimit: number;
  /** First retry delay; each further retry doubles it (exponential backoff with jitter). */
  retryDelaySeconds: number;
  /** A job running longer is failed and retried; also bounds every SMTP timeout. */
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  /** How often a worker re-queues jobs whose worker died (expired in state active). */
  maintenanceIntervalSeconds: number;
  /** Bearer secret of GET /api/v1/internal/jobs/run (Vercel Cron); unset: the route answers 401. */
  cronSecret: string | null;
}

export interface MailConfig {
  /**
   * smtp: nodemailer to SMTP_URL; mailbox: stored in the data folder and shown at /dev/mailbox
   * (development only); log: not sent, one log line per message (an explicit production choice).
   */
  transport: "smtp" | "log" | "mailbox";
  smtpUrl: string | null;
  from: string;
  /** Origin that e-mail links point at (APP_URL, or http://localhost:3000 in development). */
  appUrl: string;
}

export interface AuthConfig {
  /** Signs sessions and tokens. Generated and kept in the data dir during development. */
  secret: string;
  /** Mixed into every password hash (HMAC-SHA-256) before bcrypt. Never change it: see README. */
  passwordPepper: string;
  bcryptCost: number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  /** How long the account activity log is kept (ACTIVITY_RETENTION_DAYS); older entries are deleted by a job. */
  activityRetentionDays: number;
}

export interface RateLimitConfig {
  /**
   * Failed sign-ins per account from clients without a device token for it before exponential
   * backoff starts (lib/auth/credentials/rate-limits.ts; the machinery is lib/rate-limit/limiter.ts).
   */
  loginFailuresPerAccount: number;
  /** Failed sign-ins per device token in 15 minutes before that device alone must wait. */
  loginFailuresPerDevice: number;
  /** The first backoff wait for untrusted clients; each further failure doubles it (at most an hour). */
  loginBackoffSeconds: number;
  /** Failed sign-ins per account in a day, from any client, after which the account's sign-in is refused. */
  loginFailuresCap: number;
  /** Username/email changes per user per hour. */
  identityChangesPerUser: number;
  /** Username/email changes per client IP per hour. */
  identityChangesPerIp: number;
  /** Failed sign-ins per client IP in 15 minutes. */
  loginFailuresPerIp: number;
  /** Registrations per client IP per hour. */
  registrationsPerIp: number;
  /** Token refreshes per client IP in 15 minutes. */
  refreshesPerIp: number;
  /** Password-reset requests per e-mail address (known or not) per hour. */
  passwordResetsPerAddress: number;
  /** Password-reset requests per client IP per hour. */
  passwordResetsPerIp: number;
  /** Verification e-mails an account may ask for per hour (resend). */
  verificationEmailsPerAccount: number;
  /** Unknown, spent or expired link tokens (reset, verification) per client IP in 15 minutes. */
  linkTokenFailuresPerIp: number;
  /** ID-token exchanges (POST /api/v1/auth/oidc/token) per client IP in 15 minutes. */
  oidcExchangesPerIp: number;
  /** Passkey sign-in attempts (options and answers, API and web) per client IP in 15 minutes. */
  passkeySignInsPerIp: number;
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(
      `Keel cannot start: the environment is not valid.\n${problems.map((p) => `  - ${p}`).join("\n")}\n` +
        "See .env.example and the README's configuration table.",
    );
    this.name = "ConfigError";
  }
}

/** Empty strings (as left by `FOO=` in .env files) mean "not set". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== "") result[key] = value;
  }
  return result;
}

function readOrCreateDevSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not there yet: create it below.
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  return secret;
}

function parseRaw(env: NodeJS.ProcessEnv): RawEnv {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

function databaseOf(raw: RawEnv): DatabaseConfig {
  if (raw.VERCEL === "1" && !raw.DATABASE_URL) {
    throw new ConfigError([
      "DATABASE_URL is required on Vercel: the embedded database cannot persist on serverless functions. " +
        "Add a Postgres database (Vercel Marketplace: Neon, Supabase, ...) and set DATABASE_URL (pooled) " +
        "and DIRECT_DATABASE_URL (direct) in Project Settings > Environment Variables.",
    ]);
  }
  return raw.DATABASE_URL
    ? {
        kind: "postgres",
        url: raw.DATABASE_URL,
        migrationUrl: raw.DIRECT_DATABASE_URL ?? raw.DATABASE_URL,
        poolMax: raw.DATABASE_POOL_MAX,
        connectTimeoutMs: raw.DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
        preparedStatements: raw.DATABASE_PREPARED_STATEMENTS,
      }
    : { kind: "embedded", dir: path.join(path.resolve(raw.KEEL_DATA_DIR), "pglite") };
}

/** Only the database settings: what command-line tools (migrations, drift check) need. */
export function parseDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  return databaseOf(parseRaw(env));
}

/**
 * What a command-line tool needs (user:create): the database, the data folder, and whether the
 * password pepper is set explicitly (the pepper itself is read by getConfig as for the server).
 */
export function parseCliConfig(env: NodeJS.ProcessEnv): { database: DatabaseConfig; dataDir: string; passwordPepperSet: boolean } {
  const raw = parseRaw(env);
  return { database: databaseOf(raw), dataDir: path.resolve(raw.KEEL_DATA_DIR), passwordPepperSet: raw.PASSWORD_PEPPER !== undefined };
}

export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const raw = parseRaw(env);
  const production = raw.NODE_ENV === "production";
  const onVercel = raw.VERCEL === "1";
  const dataDir = path.resolve(raw.KEEL_DATA_DIR);
  const database = databaseOf(raw);
  const problems: string[] = [];
  if (production && !raw.AUTH_SECRET) {
    problems.push(
      "AUTH_SECRET is required in production (it signs every session and token). " +
        "Generate one with: openssl rand -base64 32",
    );
  }
  if (production && !raw.PASSWORD_PEPPER) {
    problems.push(
      "PASSWORD_PEPPER is required in production (it is mixed into every password hash; set it once and " +
        "never change it). Generate one with: openssl rand -base64 32",
    );
  }
  if (raw.AUTH_SECRET && raw.AUTH_SECRET === raw.PASSWORD_PEPPER) {
    problems.push("PASSWORD_PEPPER must differ from AUTH_SECRET (rotating the secret must not invalidate passwords).");
  }
  const mailTransport = raw.MAIL_TRANSPORT ?? (raw.SMTP_URL ? "smtp" : production ? null : "mailbox");
  if (mailTransport === null) {
    problems.push(
      "SMTP_URL is required in production: Keel sends account e-mails (welcome, security notices). Set it to your " +
        "provider's SMTP URL, e.g. SMTP_URL=smtps://user:password@smtp.example.com:465, and MAIL_FROM to the sender " +
        "(\"Keel <no-reply@example.com>\"). To run without sending e-mail, set MAIL_TRANSPORT=log explicitly.",
    );
  } else if (mailTransport === "smtp" && !raw.SMTP_URL) {
    problems.push("MAIL_TRANSPORT=smtp needs SMTP_URL (e.g. smtps://user:password@smtp.example.com:465).");
  } else if (mailTransport === "mailbox" && production) {
    problems.push("MAIL_TRANSPORT=mailbox is for development only; set SMTP_URL (or MAIL_TRANSPORT=log) in production.");
  }
  if (production && mailTransport === "smtp" && !raw.MAIL_FROM) {
    problems.push('MAIL_FROM is required in production with SMTP_URL, e.g. MAIL_FROM="Keel <no-reply@example.com>".');
  }
  if (production && mailTransport === "smtp" && !raw.APP_URL) {
    problems.push("APP_URL is required in production with SMTP_URL: the links in e-mails point at it (e.g. https://keel.example.com).");
  }
  const identityProviders = identityProvidersOf(raw, production, problems);
  const webauthn = webauthnOf(raw, problems);
  const payments = paymentsOf(raw, production, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const appUrl = raw.APP_URL ? new URL(raw.APP_URL).origin : null;
  return {
    version: env.KEEL_VERSION || "dev",
    production,
    onVercel,
    dataDir,
    database,
    migrateOnStart: raw.MIGRATE_ON_START ?? !onVercel,
    appUrl,
    contactEmail: raw.CONTACT_EMAIL ?? null,
    auth: {
      secret: raw.AUTH_SECRET ?? readOrCreateDevSecret(dataDir, "auth-secret"),
      passwordPepper: raw.PASSWORD_PEPPER ?? readOrCreateDevSecret(dataDir, "password-pepper"),
      bcryptCost: raw.BCRYPT_COST,
      accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
      sessionMaxAgeSeconds: raw.SESSION_MAX_AGE_SECONDS,
      activityRetentionDays: raw.ACTIVITY_RETENTION_DAYS,
    },
    rateLimits: {
      loginFailuresPerAccount: raw.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT,
      loginFailuresPerIp: raw.RATE_LIMIT_LOGIN_FAILURES_PER_IP,
      registrationsPerIp: raw.RATE_LIMIT_REGISTRATIONS_PER_IP,
      refreshesPerIp: raw.RATE_LIMIT_REFRESHES_PER_IP,
      loginFailuresPerDevice: raw.RATE_LIMIT_LOGIN_FAILURES_PER_DEVICE,
      loginBackoffSeconds: raw.RATE_LIMIT_LOGIN_BACKOFF_SECONDS,
      loginFailuresCap: raw.RATE_LIMIT_LOGIN_FAILURES_CAP,
      identityChangesPerUser: raw.RATE_LIMIT_IDENTITY_CHANGES_PER_USER,
      identityChangesPerIp: raw.RATE_LIMIT_IDENTITY_CHANGES_PER_IP,
      passwordResetsPerAddress: raw.RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS,
      passwordResetsPerIp: raw.RATE_LIMIT_PASSWORD_RESETS_PER_IP,
      verificationEmailsPerAccount: raw.RATE_LIMIT_VERIFICATION_EMAILS_PER_ACCOUNT,
      linkTokenFailuresPerIp: raw.RATE_LIMIT_LINK_TOKEN_FAILURES_PER_IP,
      oidcExchangesPerIp: raw.RATE_LIMIT_OIDC_EXCHANGES_PER_IP,
      passkeySignInsPerIp: raw.RATE_LIMIT_PASSKEY_SIGN_INS_PER_IP,
    },
    trustProxy: raw.TRUST_PROXY ?? 0,
    nodeHooks: raw.KEEL_NODE_HOOKS,
    corsOrigins: raw.CORS_ORIGINS ?? [],
    jobs: {
      worker: raw.JOB_WORKER ?? (onVercel ? "off" : "inline"),
      retryLimit: raw.JOB_RETRY_LIMIT,
      retryDelaySeconds: raw.JOB_RETRY_DELAY_SECONDS,
      timeoutSeconds: raw.JOB_TIMEOUT_SECONDS,
      pollIntervalSeconds: raw.JOB_POLL_INTERVAL_SECONDS,
      maintenanceIntervalSeconds: raw.JOB_MAINTENANCE_INTERVAL_SECONDS,
      cronSecret: raw.CRON_SECRET ?? null,
    },
    mail: {
      transport: mailTransport!,
      smtpUrl: raw.SMTP_URL ?? null,
      from: raw.MAIL_FROM ?? "Keel <no-reply@localhost>",
      appUrl: appUrl ?? "http://localhost:3000",
    },
    identityProviders,
    redisUrl: raw.REDIS_URL ?? null,
    redisKeyPrefix: raw.REDIS_KEY_PREFIX,
    observability: observabilityOf(raw),
    webauthn,
    payments,
    apiKeys: {
      requestsPerMinute: raw.RATE_LIMIT_API_KEY_REQUESTS_PER_MINUTE,
      failuresPerIp: raw.RATE_LIMIT_API_KEY_FAILURES_PER_IP,
    },
    webhooks: {
      allowPrivateUrls: raw.WEBHOOKS_ALLOW_PRIVATE_URLS,
      timeoutMs: Math.round(raw.WEBHOOK_TIMEOUT_SECONDS * 1000),
      maxAttempts: raw.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: raw.WEBHOOK_RETRY_BASE_SECONDS,
      retryMaxDelaySeconds: raw.WEBHOOK_RETRY_MAX_DELAY_SECONDS,
    },
    tracking: {
      originCountry: raw.TRACKING_ORIGIN_COUNTRY,
      lookupsPerIp: raw.RATE_LIMIT_TRACKING_LOOKUPS_PER_IP,
      labelsPerUser: raw.RATE_LIMIT_LABELS_PER_USER,
      cacheSeconds: raw.TRACKING_CACHE_SECONDS,
    },
  };
}

/** `host` is the relying party's domain or a subdomain of it (what browsers require of a page's origin). */
function withinRpId(host: string, rpId: string): boolean {
  return host === rpId || host.endsWith(`.${rpId}`);
}

/**
 * The passkeys' relying party. A passkey is bound to its RP ID for good, so a mistake here would
 * only show when every passkey sign-in fails: the RP ID must cover APP_URL and every web origin
 * in WEBAUTHN_ORIGINS, and web origins must be https (http only on localhost, for development).
 */
function webauthnOf(raw: RawEnv, problems: string[]): WebAuthnConfig {
  const appHost = raw.APP_URL ? new URL(raw.APP_URL).hostname : null;
  const rpId = raw.WEBAUTHN_RP_ID ?? appHost;
  if (raw.WEBAUTHN_RP_ID && appHost && !withinRpId(appHost, raw.WEBAUTHN_RP_ID)) {
    problems.push(`WEBAUTHN_RP_ID (${raw.WEBAUTHN_RP_ID}) must be APP_URL's host (${appHost}) or a parent domain of it, e.g. WEBAUTHN_RP_ID=${appHost}.`);
  }
  const extraOrigins = raw.WEBAUTHN_ORIGINS ?? [];
  for (const origin of extraOrigins) {
    if (ANDROID_ORIGIN.test(origin)) continue;
    const url = new URL(origin);
    if (url.protocol !== "https:" && url.hostname !== "localhost") {
      problems.push(`WEBAUTHN_ORIGINS: ${origin} must be https:// (browsers offer passkeys only in secure contexts; http only on localhost).`);
    } else if (rpId && !withinRpId(url.hostname, rpId)) {
      problems.push(`WEBAUTHN_ORIGINS: ${origin} is not on the relying party's domain ${rpId} (set WEBAUTHN_RP_ID to a parent domain of both, or drop it).`);
    } else if (!rpId && url.hostname !== "localhost") {
      problems.push("WEBAUTHN_ORIGINS with web origins needs APP_URL or WEBAUTHN_RP_ID (the domain the passkeys belong to).");
    }
  }
  return { rpId, extraOrigins };
}

/**
 * Stripe when its three keys are set (or PAYMENTS_PROVIDER=stripe, which then needs them); the test
 * provider otherwise. In production the test provider would let anyone mark orders paid with a
 * made-up card, so it must be asked for by name.
 */
function paymentsOf(raw: RawEnv, production: boolean, problems: string[]): PaymentsConfig {
  const keys = [raw.STRIPE_SECRET_KEY, raw.STRIPE_PUBLISHABLE_KEY, raw.STRIPE_WEBHOOK_SECRET];
  const allKeys = keys.every(Boolean);
  if (!allKeys && keys.some(Boolean)) {
    problems.push("Stripe needs all of STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET (set all three, or none).");
  }
  const provider = raw.PAYMENTS_PROVIDER ?? (allKeys ? "stripe" : "test");
  if (provider === "stripe" && !allKeys && !keys.some(Boolean)) {
    problems.push("PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET.");
  }
  if (production && provider === "test" && raw.PAYMENTS_PROVIDER !== "test") {
    problems.push(
      "Payments need Stripe in production: set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET " +
        "(README, Payments). To run production with the test provider (staging, demos: anyone can pay with the test card), " +
        "set PAYMENTS_PROVIDER=test explicitly.",
    );
  }
  const stripe =
    provider === "stripe" && allKeys
      ? { secretKey: raw.STRIPE_SECRET_KEY!, publishableKey: raw.STRIPE_PUBLISHABLE_KEY!, webhookSecret: raw.STRIPE_WEBHOOK_SECRET!, apiUrl: raw.STRIPE_API_URL ?? null }
      : null;
  return { provider, stripe };
}

function observabilityOf(raw: RawEnv): ObservabilityConfig {
  const base = raw.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  return {
    logLevel: raw.LOG_LEVEL,
    logFormat: raw.LOG_FORMAT ?? (raw.NODE_ENV === "development" ? "pretty" : "json"),
    // The OTLP spec: the signal-specific variable is used as is; the generic one gets /v1/traces.
    otlpTracesEndpoint: raw.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base}/v1/traces` : null),
    serviceName: raw.OTEL_SERVICE_NAME,
  };
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The configured identity providers; a half-configured one is a problem named for the operator. */
function identityProvidersOf(raw: RawEnv, production: boolean, problems: string[]): IdentityProvidersConfig {
  const pair = (name: string, id: string | undefined, secret: string | undefined, idVar: string, secretVar: string) => {
    if (id && secret) return { clientId: id, clientSecret: secret };
    if (id || secret) problems.push(`${name} sign-in needs both ${idVar} and ${secretVar} (set both, or neither to not offer it).`);
    return null;
  };
  const github = pair("GitHub", raw.GITHUB_ID, raw.GITHUB_SECRET, "GITHUB_ID", "GITHUB_SECRET");
  const google = pair("Google", raw.GOOGLE_ID, raw.GOOGLE_SECRET, "GOOGLE_ID", "GOOGLE_SECRET");

  let oidc: IdentityProvidersConfig["oidc"] = null;
  const mobileClientIds = raw.OIDC_MOBILE_CLIENT_IDS ?? [];
  if (raw.OIDC_ISSUER) {
    const issuer = new URL(raw.OIDC_ISSUER);
    // The issuer's keys and endpoints are fetched from it: over plain http anyone on the path could
    // hand the server their own keys. Loopback is allowed for development and tests.
    if (production && issuer.protocol !== "https:" && !LOOPBACK_HOSTS.has(issuer.hostname)) {
      problems.push("OIDC_ISSUER must be an https:// URL in production.");
    }
    if (!raw.OIDC_CLIENT_ID && mobileClientIds.length === 0) {
      problems.push("OIDC_ISSUER needs OIDC_CLIENT_ID (the web app's client) and/or OIDC_MOBILE_CLIENT_IDS (the mobile apps' clients).");
    }
    if (raw.OIDC_CLIENT_SECRET && !raw.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_SECRET needs OIDC_CLIENT_ID.");
    oidc = {
      // Kept exactly as given: the `iss` of its ID tokens must equal it, trailing slash and all.
      issuer: raw.OIDC_ISSUER,
      clientId: raw.OIDC_CLIENT_ID ?? null,
      clientSecret: raw.OIDC_CLIENT_SECRET ?? null,
      name: raw.OIDC_NAME ?? "OpenID Connect",
      mobileClientIds,
    };
  } else if (raw.OIDC_CLIENT_ID || raw.OIDC_CLIENT_SECRET || raw.OIDC_MOBILE_CLIENT_IDS || raw.OIDC_NAME) {
    problems.push("OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_MOBILE_CLIENT_IDS and OIDC_NAME need OIDC_ISSUER (the provider's issuer URL).");
  }
  return { oidc, github, google };
}

/** The name the configuration is kept under (lib/auth/test-config.ts forgets it to read the environment again). */
export const CONFIG_SINGLETON = "env:config";

/** The validated configuration, parsed on first use and then cached for the life of the process. */
export function getConfig(): AppConfig {
  // KEEL_VERSION is inlined into the server bundle by next.config.js (`env`), so it is read by name.
  return processSingleton(CONFIG_SINGLETON, () => parseConfig({ ...process.env, KEEL_VERSION: process.env.KEEL_VERSION }));
}
