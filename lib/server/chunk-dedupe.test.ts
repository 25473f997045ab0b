import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChunkDedupe, installChunkDedupe } from "./chunk-dedupe";

// Real files loaded through Node's own require, as Turbopack's runtime loads server chunks. A file
// that Node compiles and runs yields a new exports array each time, so getting the very same array
// back for a second file means its text was not run again.
const requireFile = createRequire(import.meta.url);

let dir: string;
let dedupe: ChunkDedupe | undefined;

/** A chunk as Turbopack writes one: module ids and factories, then the comment naming its source map. */
function chunk(id: number, label: string, name: string): string {
  return `module.exports=[${id},()=>${JSON.stringify(label)}];\n\n//# sourceMappingURL=${name}.map\n`;
}

function write(relative: string, source: string): string {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, source);
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "keel-chunks-"));
});

afterEach(() => {
  dedupe?.uninstall();
  dedupe = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("installChunkDedupe", () => {
  it("loads a chunk that differs from one already loaded only by its source-map comment as that chunk", () => {
    dedupe = installChunkDedupe();
    const first = requireFile(write(".next/server/chunks/_a._.js", chunk(1, "one", "_a._.js")));
    const copy = write(".next/server/chunks/ssr/_b._.js", chunk(1, "one", "_b._.js"));
    expect(requireFile(copy)).toBe(first);
    expect(dedupe.reused).toEqual({ chunks: 1, bytes: fs.statSync(copy).size });
  });

  it("compiles a chunk with other text, a file that is not a chunk, and a chunk outside server/chunks", () => {
    dedupe = installChunkDedupe();
    const first = requireFile(write(".next/server/chunks/_a._.js", chunk(2, "two", "_a._.js")));
    expect(requireFile(write(".next/server/chunks/_c._.js", chunk(2, "TWO", "_c._.js")))).not.toBe(first);

    const notChunk = "module.exports={};\n";
    expect(requireFile(write(".next/server/chunks/p2.js", notChunk))).not.toBe(requireFile(write(".next/server/chunks/p1.js", notChunk)));

    const outside = requireFile(write("lib/x/one.js", chunk(3, "three", "one.js")));
    expect(requireFile(write("lib/x/two.js", chunk(3, "three", "two.js")))).not.toBe(outside);
    expect(dedupe.reused.chunks).toBe(0);
  });

  it("counts chunks Node loaded before it was installed, and stops when uninstalled", () => {
    const before = requireFile(write(".next/server/chunks/_early._.js", chunk(4, "four", "_early._.js")));
    dedupe = installChunkDedupe();
    expect(requireFile(write(".next/server/chunks/_late._.js", chunk(4, "four", "_late._.js")))).toBe(before);

    dedupe.uninstall();
    expect(requireFile(write(".next/server/chunks/_after._.js", chunk(4, "four", "_after._.js")))).not.toBe(before);
  });
});
