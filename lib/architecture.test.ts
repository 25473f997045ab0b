/**
 * The import directions of docs/architecture.md ("The map"), checked with dependency-cruiser
 * against .dependency-cruiser.cjs: an import against them fails the unit run, and so CI.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

describe("architecture", () => {
  it("imports only in the allowed directions (app -> features -> infrastructure, no cycles)", async () => {
    const bin = path.join(root, "node_modules", ".bin", "depcruise");
    const run = promisify(execFile)(bin, ["--config", ".dependency-cruiser.cjs", "--output-type", "err", "lib", "app", "scripts", "instrumentation.ts", "proxy.ts"], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const outcome = await run.then(
      ({ stdout }) => ({ ok: true, report: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, report: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
    );
    // The report names each violation and the rule it breaks (see the rule's comment for the fix).
    expect(outcome.ok ? "" : outcome.report).toBe("");
  }, 180_000);
});
