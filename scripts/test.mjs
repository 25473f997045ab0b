#!/usr/bin/env node
/**
 * `npm test`: every check, in the order that fails fastest.
 *
 *   node scripts/test.mjs              build then typecheck beside lint then unit tests; integration
 *                                      (both engines); e2e
 *   node scripts/test.mjs unit         unit tests only
 *   node scripts/test.mjs integration  build, then integration tests on embedded PGlite and on Postgres
 *   node scripts/test.mjs e2e          build, then the Playwright suite in chromium
 *
 * Options: --no-build reuses the existing .next build. KEEL_TEST_ENGINES=embedded (or postgres)
 * limits the integration run to one engine. The two engines' suites run side by side, each followed
 * by one half of the browser tests (see runLanes and the full run below); KEEL_TEST_PARALLEL=0 runs
 * everything one after another instead.
 * TEST_DATABASE_URL points at the Postgres server to create throw-away databases on (default:
 * postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn, spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith("--"));
const build = !args.includes("--no-build");
const parallel = process.env.KEEL_TEST_PARALLEL !== "0";
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

/**
 * The names of the failed tests in a lane's output: Vitest's "FAIL  file > test" lines and
 * Playwright's numbered failure headings. A failed assertion can print thousands of lines (a server's
 * whole log), and CI keeps only the tail of a run: with two failures, the first one's name was cut
 * (stop 41). Listed again in the summary, every failure is named in the tail.
 */
function failedTestsIn(log) {
  const text = Buffer.concat(log).toString().replace(/\u001b\[[0-9;]*m/g, "");
  const names = text.split("\n").filter((line) => /^\s*FAIL\s/.test(line) || /^\s*\d+\) \[[^\]]+\] › /.test(line));
  return [...new Set(names.map((line) => line.trim().replace(/\s*─+\s*$/, "").slice(0, 300)))].slice(0, 40);
}

/**
 * Runs lanes side by side; each lane runs its steps one after another, with its output kept and
 * printed whole when the lane ends (interleaved lines of two test reports are unreadable). When a
 * step fails, the other lanes are stopped: the run has failed, and waiting for them only delays the
 * report. Why side by side: an integration suite runs its files one after another against one
 * server and keeps about one core busy, so on two cores two suites together take less
 * than one after the other (docs/performance.md, "CI time").
 */
async function runLanes(lanes) {
  const running = new Set();
  let failed = null;
  const outputs = [];
  const flush = () => {
    for (const { title, log } of outputs.splice(0)) {
      process.stdout.write(`\n▼ output of: ${title}\n${Buffer.concat(log).toString()}\n▲ end of: ${title}\n`);
    }
  };
  const runStep = ({ name, command, args: commandArgs, extraEnv }, log) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, ...extraEnv }, detached: true });
      running.add(child);
      log.push(Buffer.from(`\n▶ ${name}\n`));
      child.stdout.on("data", (chunk) => log.push(chunk));
      child.stderr.on("data", (chunk) => log.push(chunk));
      child.on("close", (status, signal) => {
        running.delete(child);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const stopped = status === null && failed !== null;
        timings.push(`${status === 0 ? "✓" : stopped ? "-" : "✗"} ${name} (${seconds} s, side by side${stopped ? "; stopped" : ""})`);
        resolve(status ?? (signal ? 1 : 0));
      });
    });
  await Promise.all(
    lanes.map(async (lane) => {
      const title = lane.map((s) => s.name).join(", then ");
      console.log(`\n▶ ${title} (side by side; output follows when the lane ends)`);
      const log = [];
      for (const stepOfLane of lane) {
        if (failed) break;
        const status = await runStep(stepOfLane, log);
        if (status !== 0 && !failed) {
          failed = { name: stepOfLane.name, status };
          // Each step runs in its own process group (detached), so its servers and browsers go too.
          for (const child of running) {
            try {
              process.kill(-child.pid, "SIGTERM");
            } catch {
              // already gone
            }
          }
        }
      }
      outputs.push({ title, log, failedHere: failed !== null && lane.some((s) => s.name === failed.name) });
      // A lane that ends while the run is still good prints at once; once a lane has failed, the
      // output waits so that the failing lane's comes last (below).
      if (!failed) flush();
    }),
  );
  // The failing lane's report last, right above the summary: CI keeps only the tail of a run's
  // output, and a failure printed before a 1,000-line suite report was cut from it (stop 39).
  outputs.sort((a, b) => Number(a.failedHere) - Number(b.failedHere));
  const failingTests = failedTestsIn(outputs.filter((o) => o.failedHere).flatMap((o) => o.log));
  flush();
  if (failed) {
    if (failingTests.length > 0) console.error(`\nFailing tests (their reports are above):\n${failingTests.join("\n")}`);
    console.error(`\n✗ ${failed.name} failed\n\n${timings.join("\n")}`);
    process.exit(failed.status || 1);
  }
}

const npx = (bin, binArgs, extraEnv) => step(`${bin} ${binArgs.join(" ")}`.trim(), "npx", ["--no-install", bin, ...binArgs], extraEnv);

const plan = {
  unit: () => npx("vitest", ["run", "--project", "unit"]),
  build: () => build && npx("next", ["build"]),
  integrationSuites: () =>
    engines.map((engine) => ({
      name: `integration tests (${engine})`,
      command: "npx",
      args: ["--no-install", "vitest", "run", "--project", "integration"],
      extraEnv: { KEEL_TEST_ENGINE: engine },
    })),
  integration: async () => {
    const suites = plan.integrationSuites();
    if (suites.length > 1 && parallel) await runLanes(suites.map((suite) => [suite]));
    else for (const suite of suites) step(suite.name, suite.command, suite.args, suite.extraEnv);
  },
  e2e: () => npx("playwright", ["test"], onLocalhost),
};

// The passkey journeys need their pages on localhost (a secure context, a domain as RP ID), with the
// server's APP_URL on localhost too (playwright.config.ts); every other browser test passes there as
// well, so the run that holds them is on localhost. It was a Playwright run of its own: one more
// server start and browser launch, 40-50 s of a lane.
const onLocalhost = { KEEL_E2E_HOST: "localhost" };

if (!only) {
  // The checks before the servers, as two lanes: the build and then the type check (`next build`
  // writes the route types tsc needs, .next/types, so no separate `next typegen`; it skips its own
  // type check, KEEL_TYPES_CHECKED=1, because tsc follows in this run), beside eslint and then the
  // unit tests. Each is mostly one busy core, so on two cores the pair takes about half as long as
  // one after another; a failure in either stops the run as before.
  await runLanes([
    [
      build
        ? { name: "next build", command: "npx", args: ["--no-install", "next", "build"], extraEnv: { KEEL_TYPES_CHECKED: "1" } }
        : { name: "next typegen", command: "npx", args: ["--no-install", "next", "typegen"], extraEnv: {} },
      { name: "tsc --noEmit", command: "npx", args: ["--no-install", "tsc", "--noEmit"], extraEnv: {} },
    ],
    [
      { name: "eslint --max-warnings=0 .", command: "npx", args: ["--no-install", "eslint", "--max-warnings=0", "."], extraEnv: {} },
      { name: "vitest run --project unit", command: "npx", args: ["--no-install", "vitest", "run", "--project", "unit"], extraEnv: {} },
    ],
  ]);
  // Two lanes side by side: the PGlite suite and then part 1 of the browser tests (on 127.0.0.1),
  // beside the Postgres suite and then part 2, passkey journeys included, on localhost
  // (playwright.config.ts says which files are part 1). Each suite and part has its own server,
  // database, ports and Redis key prefixes.
  // Alone, each keeps 1.1 to 1.4 cores busy, so one after another left part of a 2-core machine
  // idle (docs/performance.md, "Eighth part"). KEEL_TEST_PARALLEL=0 runs everything one after
  // another, as on a single core or when a timing question needs a quiet machine.
  if (parallel && engines.length > 1) {
    const [first, second, ...rest] = plan.integrationSuites();
    const half = (n, extraEnv) => ({
      name: `playwright test (part ${n})`,
      command: "npx",
      args: ["--no-install", "playwright", "test"],
      extraEnv: { KEEL_E2E_PART: String(n), ...extraEnv },
    });
    await runLanes([
      [first, half(1, { KEEL_E2E_PORT: "3310" })],
      [second, ...rest, half(2, onLocalhost)],
    ]);
  } else {
    await plan.integration();
    plan.e2e();
  }
} else if (only === "unit") {
  plan.unit();
} else if (only === "integration" || only === "e2e") {
  plan.build();
  await plan[only]();
} else {
  console.error(`Unknown part "${only}". Use: unit, integration, e2e (or nothing for everything).`);
  process.exit(2);
}
console.log(`\n${timings.join("\n")}`);
