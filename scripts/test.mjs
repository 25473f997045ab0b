#!/usr/bin/env node
/**
 * `npm test`: every check, in the order that fails fastest.
 *
 *   node scripts/test.mjs              lint, typecheck, unit, build, integration (both engines), e2e
 *   node scripts/test.mjs unit         unit tests only
 *   node scripts/test.mjs integration  build, then integration tests on embedded PGlite and on Postgres
 *   node scripts/test.mjs e2e          build, then the Playwright suite in chromium
 *
 * Options: --no-build reuses the existing .next build. KEEL_TEST_ENGINES=embedded (or postgres)
 * limits the integration run to one engine. TEST_DATABASE_URL points at the Postgres server to
 * create throw-away databases on (default: postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith("--"));
const build = !args.includes("--no-build");
const engines = (process.env.KEEL_TEST_ENGINES || "embedded,postgres").split(",").map((e) => e.trim()).filter(Boolean);

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const timings = [];

function step(name, command, commandArgs, extraEnv = {}) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${result.status === 0 ? "✓" : "✗"} ${name} (${seconds} s)`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed\n\n${timings.join("\n")}`);
    process.exit(result.status ?? 1);
  }
}

const npx = (bin, binArgs, extraEnv) => step(`${bin} ${binArgs.join(" ")}`.trim(), "npx", ["--no-install", bin, ...binArgs], extraEnv);

const plan = {
  static: () => {
    npx("eslint", ["--max-warnings=0", "."]);
    // Route types (PageProps, RouteContext) come from `next typegen`; a fresh clone has none yet.
    npx("next", ["typegen"]);
    npx("tsc", ["--noEmit"]);
  },
  unit: () => npx("vitest", ["run", "--project", "unit"]),
  build: () => build && npx("next", ["build"]),
  integration: () => {
    for (const engine of engines) {
      step(`integration tests (${engine})`, "npx", ["--no-install", "vitest", "run", "--project", "integration"], {
        KEEL_TEST_ENGINE: engine,
      });
    }
  },
  e2e: () => npx("playwright", ["test"]),
};

if (!only) {
  plan.static();
  plan.unit();
  plan.build();
  plan.integration();
  plan.e2e();
} else if (only === "unit") {
  plan.unit();
} else if (only === "integration" || only === "e2e") {
  plan.build();
  plan[only]();
} else {
  console.error(`Unknown part "${only}". Use: unit, integration, e2e (or nothing for everything).`);
  process.exit(2);
}
console.log(`\n${timings.join("\n")}`);
