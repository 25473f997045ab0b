/**
 * One copy in memory of each server chunk that Turbopack wrote several times.
 *
 * Next 16.4's Turbopack writes some server chunks many times over under different names, once per
 * route entry: Keel's largest (910 KB: Prisma's client runtime, pg-boss, luxon, jose, bowser and
 * Keel's auth, database and job code) exists as 23 files that differ only in their last line, the
 * source-map comment that names the file (upstream: vercel/next.js#89192, #90710). Node loads a file
 * per name and keeps each in require's cache, with its source text (V8 keeps a script's source to
 * compile its functions lazily, two bytes a character here because the chunk holds non-Latin-1
 * text): 1.8 MB of heap per copy, 14 MB after the bench's routes, and by the files about 40 MB once
 * every route has run (docs/performance.md, thirteenth part). No Turbopack setting changes it: a
 * build with `experimental.turbopackChunking` set to merge nothing wrote the same server chunks.
 *
 * A server chunk is `module.exports=[id, factory, id, factory, ...]`, and Turbopack's runtime
 * installs a factory only for an id that has none (`installCompressedModuleFactories`): a second
 * copy of a chunk installs nothing. So when Node is about to load a server chunk whose text is,
 * but for the source-map comment, one it has already loaded under another name, it gets the first
 * one's exports instead of compiling the text again. Same ids, same factories; nothing Turbopack's
 * runtime can tell apart. Anything else (another kind of file, a chunk seen for the first time) is
 * loaded by Node as before.
 *
 * Written by hand: no library does this, and it has to sit in Node's CommonJS loader, the one place
 * every chunk load passes through (Turbopack's runtime calls `require` for each chunk).
 * `Module._extensions` is the loader table behind `require.extensions` (deprecated for adding new
 * file types, still how Node loads `.js` in every version Keel supports); the hook only delegates to
 * Node's own `.js` loader or reuses exports, and `uninstall` puts the original back.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { Module } from "node:module";
import path from "node:path";

type LoadedModule = { exports: unknown };
type Loader = (module: LoadedModule, filename: string) => void;

const CHUNK_DIR = `${path.sep}server${path.sep}chunks${path.sep}`;
const CHUNK_START = "module.exports=[";
const SOURCE_MAP_COMMENT = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;

export interface ChunkDedupe {
  /** Chunks loaded as another chunk's exports (copies not compiled), and the bytes of their text. */
  readonly reused: { chunks: number; bytes: number };
  uninstall(): void;
}

/** The text that decides whether two chunk files are the same chunk, or null for any other file. */
function chunkKey(filename: string): string | null {
  if (!filename.includes(CHUNK_DIR) || !filename.endsWith(".js")) return null;
  let text: string;
  try {
    text = fs.readFileSync(filename, "utf8");
  } catch {
    return null; // Node's loader reports a missing or unreadable file itself
  }
  if (!text.startsWith(CHUNK_START)) return null;
  return createHash("sha256").update(text.replace(SOURCE_MAP_COMMENT, "")).digest("base64");
}

export function installChunkDedupe(): ChunkDedupe {
  const extensions = (Module as unknown as { _extensions: { ".js": Loader } })._extensions;
  const original = extensions[".js"];
  const loaded = new Map<string, LoadedModule>();
  const reused = { chunks: 0, bytes: 0 };
  // Chunks Node loaded before this ran (the instrumentation's, which import most of Keel) count as
  // first copies too.
  const cache = (Module as unknown as { _cache: Record<string, LoadedModule | undefined> })._cache;
  for (const [filename, module] of Object.entries(cache)) {
    if (!module) continue;
    const key = chunkKey(filename);
    if (key !== null && !loaded.has(key)) loaded.set(key, module);
  }
  const dedupe: Loader = function (this: unknown, module, filename) {
    const key = chunkKey(filename);
    const first = key === null ? undefined : loaded.get(key);
    if (first) {
      module.exports = first.exports;
      reused.chunks++;
      reused.bytes += fs.statSync(filename).size;
      return;
    }
    original.call(this, module, filename);
    if (key !== null) loaded.set(key, module);
  };
  extensions[".js"] = dedupe;
  return {
    reused,
    uninstall() {
      if (extensions[".js"] === dedupe) extensions[".js"] = original;
    },
  };
}
