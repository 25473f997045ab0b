/**
 * The browser bundle of Scalar's API reference (@scalar/api-reference), served by the app itself
 * (app/docs/api/scalar.js/route.ts) rather than from a CDN: the reference must work offline and under
 * the nonce-based Content-Security-Policy, which allows scripts from this origin only.
 * Read once per process; its hash versions the URL so browsers can cache it for a year.
 */
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Where npm puts the file; next.config.js traces it into the standalone server. */
export const SCALAR_BUNDLE_PATH = path.join(process.cwd(), "node_modules", "@scalar", "api-reference", "dist", "browser", "standalone.js");

let cached: { body: Buffer; version: string } | undefined;

export function scalarBundle(): { body: Buffer; version: string } {
  if (!cached) {
    const body = fs.readFileSync(SCALAR_BUNDLE_PATH);
    cached = { body, version: createHash("sha256").update(body).digest("base64url").slice(0, 16) };
  }
  return cached;
}

/** The bundle's URL, versioned by its content. */
export function scalarBundleUrl(): string {
  return `/docs/api/scalar.js?v=${scalarBundle().version}`;
}
