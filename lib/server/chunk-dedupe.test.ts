import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChunkDedupe, installChunkDedupe } from "./chunk-dedupe";

// Real files loaded through Node's own require, as Turbopack's runtime loads server chunks. Each chunk
// counts its evaluations on globalThis, so a copy that was compiled and run again shows.
const requireFile = createRequire(import.meta.url);
const counter = "__chunkDedupeTestEvaluations";
const evaluations = () => (globalThis as Record<string, unknown>)[counter] as Record<string, number>;

let dir: string;
let dedupe: ChunkDedupe | undefined;

function chunk(text: string, label: string): string {
  return `module.exports=[${text},()=>${JSON.stringify(label)}];(globalThis.${counter}[${JSON.stringify(text)}]=(globalThis.${counter}[${JSON.stringify(text)}]??0)+1);`;
}

function write(relative: string, source: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-chunks-"));
  (globalThis as Record<string, unknown>)[counter] = {};
});

afterEach(() => {
  dedupe?.uninstall();
  dedupe = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("installChunkDedupe", () => {
  it("loads a chunk that differs from one already loaded only by its source-map comment as that chunk", () => {
    dedupe = installChunkDedupe();
    const a = write(".next/server/chunks/_a._.js", `${chunk("1", "one")}\n//# sourceMappingURL=_a._.js.map\n`);
    const b = write(".next/server/chunks/ssr/_b._.js", `${chunk("1", "one")}\n//# sourceMappingURL=_b._.js.map\n`);
    const first = requireFile(a);
    const second = requireFile(b);
    expect(second).toBe(first);
    expect(evaluations()["1"]).toBe(1);
    expect(dedupe.reused.chunks).toBe(1);
    expect(dedupe.reused.bytes).toBe(fs.statSync(b).size);
  });

  it("compiles a chunk with other text, a file that is not a chunk, and a chunk outside server/chunks", () => {
    dedupe = installChunkDedupe();
    const a = write(".next/server/chunks/_a._.js", `${chunk("2", "two")}\n//# sourceMappingURL=_a._.js.map\n`);
    const other = write(".next/server/chunks/_c._.js", `${chunk("2", "TWO")}\n//# sourceMappingURL=_c._.js.map\n`);
    const first = requireFile(a);
    expect(requireFile(other)).not.toBe(first);
    expect(evaluations()["2"]).toBe(2);

    const notChunk = `globalThis.${counter}.plain=(globalThis.${counter}.plain??0)+1;module.exports={};`;
    requireFile(write(".next/server/chunks/p1.js", notChunk));
    requireFile(write(".next/server/chunks/p2.js", notChunk));
    expect(evaluations().plain).toBe(2);

    requireFile(write("lib/x/one.js", chunk("3", "three")));
    requireFile(write("lib/x/two.js", chunk("3", "three")));
    expect(evaluations()["3"]).toBe(2);
    expect(dedupe.reused.chunks).toBe(0);
  });

  it("counts chunks Node loaded before it was installed, and stops when uninstalled", () => {
    const before = requireFile(write(".next/server/chunks/_early._.js", `${chunk("4", "four")}\n//# sourceMappingURL=_early._.js.map\n`));
    dedupe = installChunkDedupe();
    expect(requireFile(write(".next/server/chunks/_late._.js", `${chunk("4", "four")}\n//# sourceMappingURL=_late._.js.map\n`))).toBe(before);
    expect(evaluations()["4"]).toBe(1);

    dedupe.uninstall();
    const after = requireFile(write(".next/server/chunks/_after._.js", `${chunk("4", "four")}\n//# sourceMappingURL=_after._.js.map\n`));
    expect(after).not.toBe(before);
    expect(evaluations()["4"]).toBe(2);
  });
});
