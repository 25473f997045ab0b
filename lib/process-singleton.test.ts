import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { forgetProcessSingleton, processSingleton, processState } from "./process-singleton";

const root = path.resolve(__dirname, "..");

/**
 * The files that may name globalThis, each with its reason. Everything else keeps per-process values
 * through lib/process-singleton.ts, so that a value cannot exist twice in one process (one per Next
 * bundle, or one more per dev reload) and there is one place to read how that works.
 */
const ALLOWED: Record<string, string> = {
  "lib/process-singleton.ts": "the helper itself keeps its one store on globalThis",
  "lib/process-singleton.test.ts": "this test names the word it looks for",
};

/** Not ours to change: Prisma's generated client (gitignored, written by `npm run db:generate`). */
const SKIPPED_DIRECTORIES = new Set(["lib/db/generated", "node_modules", ".next"]);

function sourceFiles(relative: string): string[] {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return /\.(ts|tsx|js|mjs|cjs)$/.test(relative) ? [relative] : [];
  if (SKIPPED_DIRECTORIES.has(relative)) return [];
  return fs.readdirSync(full).flatMap((entry) => sourceFiles(path.posix.join(relative, entry)));
}

describe("process singletons", () => {
  it("are kept only through lib/process-singleton.ts (no other use of globalThis in lib/, app/, proxy.ts, instrumentation)", () => {
    const entries = ["lib", "app", "proxy.ts", ...fs.readdirSync(root).filter((name) => /^instrumentation.*\.ts$/.test(name))];
    const files = entries.flatMap(sourceFiles);
    expect(files).toContain("lib/db/client.ts");
    const offenders = files.filter((file) => !(file in ALLOWED) && /\bglobalThis\b/.test(fs.readFileSync(path.join(root, file), "utf8")));
    expect(offenders, "keep the value with processSingleton or processState (lib/process-singleton.ts) instead").toEqual([]);
  });

  it("allow only files that exist and still use globalThis (a stale entry goes)", () => {
    const stale = Object.keys(ALLOWED).filter((file) => {
      const full = path.join(root, file);
      return !fs.existsSync(full) || !/\bglobalThis\b/.test(fs.readFileSync(full, "utf8"));
    });
    expect(stale).toEqual([]);
  });

  it("creates a value once and hands the same one to every caller", () => {
    let made = 0;
    const create = () => ({ made: ++made });
    const first = processSingleton("test:once", create);
    expect(processSingleton("test:once", create)).toBe(first);
    expect(made).toBe(1);
    forgetProcessSingleton("test:once");
  });

  it("keeps values in one store per process, whichever copy of the module asks", async () => {
    const value = processSingleton("test:shared", () => ({}));
    // A fresh copy of the module, as another Next bundle or a dev reload would load it.
    vi.resetModules();
    const copy = await import("./process-singleton");
    expect(copy.processSingleton("test:shared", () => ({}))).toBe(value);
    forgetProcessSingleton("test:shared");
  });

  it("forgets a rejected promise, so the next call tries again", async () => {
    let attempts = 0;
    const open = () => (++attempts === 1 ? Promise.reject(new Error("down")) : Promise.resolve("up"));
    await expect(processSingleton("test:retry", open)).rejects.toThrow("down");
    await expect(processSingleton("test:retry", open)).resolves.toBe("up");
    await expect(processSingleton("test:retry", open)).resolves.toBe("up");
    expect(attempts).toBe(2);
    forgetProcessSingleton("test:retry");
  });

  it("keeps a resolved promise", async () => {
    let attempts = 0;
    const open = async () => ++attempts;
    await processSingleton("test:resolved", open);
    await processSingleton("test:resolved", open);
    expect(attempts).toBe(1);
    forgetProcessSingleton("test:resolved");
  });

  it("forgets on request and returns what it kept, for the caller to close", () => {
    const first = processSingleton("test:forget", () => ({ open: true }));
    expect(forgetProcessSingleton<{ open: boolean }>("test:forget")).toBe(first);
    expect(forgetProcessSingleton("test:forget")).toBeUndefined();
    expect(processSingleton("test:forget", () => ({ open: true }))).not.toBe(first);
    forgetProcessSingleton("test:forget");
  });

  it("shares a state object whose fields changes are seen by every holder", () => {
    const one = processState("test:state", () => ({ started: false }));
    const two = processState("test:state", () => ({ started: false }));
    one.started = true;
    expect(two.started).toBe(true);
    forgetProcessSingleton("test:state");
  });
});
