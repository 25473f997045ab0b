/**
 * Lays out the standalone server exactly as the Dockerfile does (server.js and its node_modules from
 * .next/standalone, plus .next/static and public/) in a temp folder, so tests run what ships.
 */
import fs from "node:fs";
import path from "node:path";
import { tempDir } from "./database";

const root = path.resolve(__dirname, "../..");

export function prepareStandalone(): string {
  const source = path.join(root, ".next", "standalone");
  if (!fs.existsSync(path.join(source, "server.js"))) {
    throw new Error("No standalone build in .next/standalone: run `npm run build` (next.config.js sets output: standalone).");
  }
  const dir = tempDir("standalone");
  fs.cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(root, ".next", "static"), path.join(dir, ".next", "static"), { recursive: true });
  fs.cpSync(path.join(root, "public"), path.join(dir, "public"), { recursive: true });
  return dir;
}
