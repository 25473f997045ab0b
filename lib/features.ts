/**
 * The composition root: the one module below app/ that names every feature, so that each registers
 * with the infrastructure what it runs there (job handlers) and what the server warms up at start.
 * Imported by every process entry that runs jobs or serves requests: instrumentation.ts (the Next
 * server), scripts/worker.ts, and the cron route. .dependency-cruiser.cjs lets only this module
 * (and app/) wire features into infrastructure.
 */
import "server-only";
import { dummyPasswordHash } from "@/lib/auth/credentials/password";
import "@/lib/mail/deliver";
import "@/lib/security-centre/cleanup";
import "@/lib/webhooks/deliver";

/** Work done once at start, so the first request does not pay for it. */
export const warmUps: (() => unknown)[] = [
  // The first sign-in with an unknown login must not be slower than the others (no user enumeration by timing).
  dummyPasswordHash,
];
