/**
 * bcrypt off the request thread. bcryptjs is pure JavaScript: a cost-12 hash keeps a core busy for
 * about 400 ms, and on the event loop (even in its async, chunked form) every other request waits
 * behind it. Measured: the health check's p99 went from 6 ms to over a second while 8 sign-ins ran
 * (docs/performance.md). Hashes therefore run in worker threads.
 *
 * The pool is lib/server/worker-pool.ts; this worker is a short script evaluated from a string that
 * loads bcryptjs from node_modules (kept external in next.config.js so that the standalone build
 * ships it). If a worker cannot start, hashing falls back to bcryptjs on the main thread.
 *
 * Workers end after IDLE_MS without work: each one is about 20-40 MB of RSS with bcryptjs loaded,
 * which an instance that rarely signs anyone in should not hold. Starting one costs ~30 ms, small
 * next to the ~400 ms hash it is started for.
 */
import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";
import { processSingleton } from "@/lib/process-singleton";
import { WorkerPool } from "@/lib/server/worker-pool";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", ({ id, task: { op, args } }) => {
  try {
    const result = op === "hash" ? bcrypt.hashSync(args[0], args[1]) : bcrypt.compareSync(args[0], args[1]);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Op = { op: "hash"; args: [string, number] } | { op: "compare"; args: [string, string] };

/** How long a worker may sit idle before it ends (a burst of sign-ins keeps it alive). */
export const IDLE_MS = 30_000;

function runInline({ op, args }: Op): Promise<unknown> {
  return op === "hash" ? bcrypt.hash(args[0], args[1]) : bcrypt.compare(args[0], args[1]);
}

export class BcryptPool extends WorkerPool<Op, unknown> {
  constructor(size: number, idleMs = IDLE_MS) {
    super({ name: "bcrypt", size, idleMs, start: () => new Worker(WORKER_SOURCE, { eval: true }), inline: runInline });
  }
}

/** One worker per core but one (left for the event loop), at least one, at most four. */
function pool(): BcryptPool {
  return processSingleton("bcrypt:pool", () => new BcryptPool(Math.max(1, Math.min(4, os.availableParallelism() - 1))));
}

export function bcryptHash(data: string, cost: number): Promise<string> {
  return pool().run<string>({ op: "hash", args: [data, cost] });
}

export function bcryptCompare(data: string, hash: string): Promise<boolean> {
  return pool().run<boolean>({ op: "compare", args: [data, hash] });
}
