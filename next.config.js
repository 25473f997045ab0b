// @ts-check
const { version } = require("./package.json");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  env: { KEEL_VERSION: version },
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time, not
  // bundled (bundling breaks webpack builds and makes Turbopack copy 15 MB into public assets).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter"],
  // The migration applier reads prisma/migrations at run time (embedded database, MIGRATE_ON_START).
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
};

module.exports = nextConfig;
