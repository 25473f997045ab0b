/**
 * bcrypt off the request thread. bcryptjs is pure JavaScript: a cost-12 hash keeps a core busy for
 * about 400 ms, and on the event loop (even in its async, chunked form) every other request waits
 * behind it. Measured: the health check's p99 went from 6 ms to over a second while 8 sign-ins ran
 * (docs/performance.md). Hashes therefore run in worker threads.
 *
 * A small pool written here rather than a library: pool libraries take a worker *file*, which the
 * Next bundler does not emit; this worker is a short script evaluated from a string that loads
 * bcryptjs from node_modules (kept external in next.config.js so that the standalone build ships it).
 * If a worker cannot start, hashing falls back to bcryptjs on the main thread.
 *
 * Workers start when there is work and end after IDLE_MS without any: each one is a V8 isolate of
 * its own (about 20-40 MB of RSS with bcryptjs loaded), which an instance that rarely signs anyone
 * in should not hold. Starting one costs ~30 ms, small next to the ~400 ms hash it is started for.
 */
import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import bcrypt from "bcryptjs";
import { log } from "@/lib/log";
import { processSingleton } from "@/lib/process-singleton";

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", ({ id, op, args }) => {
  try {
    const result = op === "hash" ? bcrypt.hashSync(args[0], args[1]) : bcrypt.compareSync(args[0], args[1]);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Op = { op: "hash"; args: [string, number] } | { op: "compare"; args: [string, string] };
interface Job {
  id: number;
  task: Op;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** How long a worker may sit idle before it ends (a burst of sign-ins keeps it alive). */
export const IDLE_MS = 30_000;

export class BcryptPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Job[] = [];
  private started = 0;
  private nextId = 1;
  private broken = false;

  constructor(
    private readonly size: number,
    private readonly idleMs = IDLE_MS,
  ) {}

  /** Workers alive now (for tests and diagnostics). */
  get workers(): number {
    return this.started;
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.started++;
    worker.unref();
    worker.on("message", (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      if (job && job.id === message.id) {
        if (message.error) job.reject(new Error(message.error));
        else job.resolve(message.result);
      }
      this.release(worker);
      this.drain();
    });
    worker.on("error", (error) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.fail(error);
      if (job) this.runInline(job);
    });
    // Ended (idle, or crashed after "error"): forget it; the next job starts another if needed.
    worker.on("exit", () => {
      this.started--;
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    this.idle.push(worker);
  }

  /** Back to the idle list, ended if nothing needs it for idleMs. */
  private release(worker: Worker): void {
    this.idle.push(worker);
    const timer = setTimeout(() => {
      this.idleTimers.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index < 0) return;
      this.idle.splice(index, 1);
      void worker.terminate();
    }, this.idleMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private fail(error: unknown): void {
    if (!this.broken) log.warn("bcrypt worker unavailable; hashing on the main thread", { error: String(error) });
    this.broken = true;
    for (const job of this.queue.splice(0)) this.runInline(job);
  }

  private runInline(job: Job): void {
    const { op, args } = job.task;
    (op === "hash" ? bcrypt.hash(args[0], args[1]) : bcrypt.compare(args[0], args[1])).then(job.resolve, job.reject);
  }

  private drain(): void {
    while (this.queue.length > this.idle.length && this.started < this.size && !this.broken) this.spawn();
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ id: job.id, op: job.task.op, args: job.task.args });
    }
  }

  run<T>(task: Op): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = { id: this.nextId++, task, resolve: resolve as (value: unknown) => void, reject };
      if (this.broken) this.runInline(job);
      else {
        this.queue.push(job);
        this.drain();
      }
    });
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
