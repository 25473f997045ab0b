// @ts-check
const { spawnSync } = require("node:child_process");
const { PHASE_PRODUCTION_BUILD, PHASE_PRODUCTION_SERVER } = require("next/constants");
const { version } = require("./package.json");

/**
 * Validates the environment when the build starts (scripts/check-env.ts, through lib/env.ts), so a
 * mistyped variable fails `next build` rather than the first start. A child process because
 * lib/env.ts is TypeScript and server-only, which this file can load neither of.
 */
function checkEnvironment() {
  const result = spawnSync(process.execPath, [require.resolve("tsx/cli"), "--conditions=react-server", "scripts/check-env.ts"], {
    cwd: __dirname,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("The environment is not valid (see above); fix it and build again.");
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  experimental: {
    // Next loads every route's module when the server starts (about 50 here) unless told not to;
    // loading each on its first request instead keeps a server that serves mostly the API from
    // holding the page bundles in memory (docs/performance.md: memory). The first request to a
    // route pays the load once (tens of ms).
    preloadEntriesOnStart: false,
    // Next 16.4 keeps Turbopack's build cache in .next/cache by default, which makes a second build
    // on the same checkout faster. CI builds a fresh clone exactly once, so writing the cache is pure
    // cost there (25-58 s of a loaded 2-core machine's build here).
    turbopackFileSystemCacheForBuild: !process.env.CI,
  },
  // `npm test` builds with KEEL_TYPES_CHECKED=1 and runs `tsc --noEmit` over the whole project right
  // after, on the route types the build wrote (scripts/test.mjs; a failing tsc fails the run): the
  // build's own type check would be the same check again (about a minute here). Every other build
  // checks types as usual.
  typescript: { ignoreBuildErrors: process.env.KEEL_TYPES_CHECKED === "1" },
  poweredByHeader: false,
  env: { KEEL_VERSION: version },
  // A self-contained server in .next/standalone (server.js + the node_modules it needs) for Docker
  // and other self-hosting; see Dockerfile. Vercel builds ignore it.
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time, not
  // bundled (bundling breaks webpack builds and makes Turbopack copy 15 MB into public assets).
  // bcryptjs is loaded by name inside the bcrypt worker threads (lib/bcrypt/bcrypt-workers.ts), so it
  // must stay a real node_modules package in the standalone output too.
  // Tracing patches the drivers as Node loads them (require hooks), so they and the instrumentations
  // must be real node_modules packages, not copies inside the bundle (lib/tracing.ts).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "bcryptjs",
    "pg",
    "pino",
    "pino-pretty",
    "ioredis",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/instrumentation",
    "@opentelemetry/instrumentation-http",
    "@opentelemetry/instrumentation-pg",
    "@prisma/instrumentation",
    // The limiters live on globalThis, shared by every bundle (API routes, pages, server actions);
    // their rejections are told apart with instanceof RateLimiterRes, which holds only when every
    // bundle loads the one copy of the package from node_modules (the tracking page met a route's).
    "rate-limiter-flexible",
  ],
  // The migration applier reads prisma/migrations at run time (embedded database, MIGRATE_ON_START).
  // The API reference's renderer is read from node_modules at run time (lib/http/scalar-bundle.ts).
  outputFileTracingIncludes: {
    "/**": ["./prisma/migrations/**/*"],
    "/docs/api/scalar.js": ["./node_modules/@scalar/api-reference/dist/browser/standalone.js"],
    // The label fonts are read from node_modules at run time (lib/tracking/label-fonts.ts).
    "/api/v1/orders/[id]/label": ["./node_modules/@expo-google-fonts/noto-sans*/{400Regular,700Bold}/*.ttf"],
  },
  async headers() {
    const everywhere = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "X-Frame-Options", value: "DENY" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      // Browsers ignore HSTS over plain http, so this is harmless when the build is tried on localhost.
      ...(process.env.NODE_ENV === "production"
        ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
        : []),
    ];
    return [
      { source: "/:path*", headers: everywhere },
      // Pages get a per-request nonce policy from proxy.ts; JSON needs no scripts, styles or frames.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

// `next build` also writes the standalone server; `next start` keeps serving the regular build
// (told about `output: standalone`, it would only print a warning).
module.exports = (/** @type {string} */ phase) => {
  if (phase === PHASE_PRODUCTION_BUILD) checkEnvironment();
  return phase === PHASE_PRODUCTION_SERVER ? nextConfig : { ...nextConfig, output: /** @type {const} */ ("standalone") };
};
