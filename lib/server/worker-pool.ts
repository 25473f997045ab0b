/**
 * CPU-bound work off the request thread: a small pool of worker threads that start when there is
 * work and end after `idleMs` without any. bcrypt (lib/bcrypt/bcrypt-workers.ts) and label PDFs
 * (lib/tracking/label-order.ts) run here: on the event loop, every other request would wait behind a
 * 300 ms hash or a 40 ms label (docs/performance.md).
 *
 * Written here rather than taken from a library: pool libraries (piscina, workerpool) take a worker
 * *file* path, which the Next bundler neither emits nor rewrites; Turbopack bundles a worker only
 * from `new Worker(new URL("./file.ts", import.meta.url))` written at the call site, so the caller
 * passes the pool a function that makes its worker that way (or from an eval'd string).
 *
 * Each worker is a V8 isolate of its own (20-80 MB of RSS with its modules and work), which an
 * instance that is mostly idle should not hold: ending idle workers gives that memory back. If a
 * worker cannot start or dies, the pool runs the work inline (on the calling thread) from then on,
 * and says so once in the log: slower, never wrong.
 *
 * The protocol: the pool posts `{ id, task }`; the worker answers `{ id, result }` or `{ id, error }`
 * (a message), one task at a time.
 */
import "server-only";
import type { Worker } from "node:worker_threads";
import { log } from "@/lib/log";

export interface WorkerPoolOptions<Task, Result> {
  /** For the log line when workers are unavailable. */
  name: string;
  /** Workers at most. */
  size: number;
  /** How long a worker may sit idle before it ends. */
  idleMs: number;
  /** Makes one worker (which answers the protocol above). */
  start(): Worker;
  /** The same work on the calling thread, for when no worker can run it. */
  inline(task: Task): Promise<Result>;
}

interface Job<Task> {
  id: number;
  task: Task;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WorkerPool<Task, Result> {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job<Task>>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Job<Task>[] = [];
  private started = 0;
  private nextId = 1;
  private broken = false;

  constructor(private readonly options: WorkerPoolOptions<Task, Result>) {}

  /** Workers alive now (for tests and diagnostics). */
  get workers(): number {
    return this.started;
  }

  /** Whether the pool has given up on workers and runs work inline. */
  get inline(): boolean {
    return this.broken;
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = this.options.start();
    } catch (error) {
      this.fail(error);
      return;
    }
    this.started++;
    // A worker never keeps the process alive (shutdown waits for requests, not for idle workers).
    worker.unref();
    worker.on("message", (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      if (job && job.id === message.id) {
        if (message.error !== undefined) job.reject(new Error(message.error));
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
    }, this.options.idleMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private fail(error: unknown): void {
    if (!this.broken) log.warn(`${this.options.name} worker unavailable; running its work on the main thread`, { error: String(error) });
    this.broken = true;
    for (const job of this.queue.splice(0)) this.runInline(job);
  }

  private runInline(job: Job<Task>): void {
    this.options.inline(job.task).then(job.resolve, job.reject);
  }

  private drain(): void {
    while (this.queue.length > this.idle.length && this.started < this.options.size && !this.broken) this.spawn();
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ id: job.id, task: job.task });
    }
  }

  run<T extends Result = Result>(task: Task): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job<Task> = { id: this.nextId++, task, resolve: resolve as (value: unknown) => void, reject };
      if (this.broken) this.runInline(job);
      else {
        this.queue.push(job);
        this.drain();
      }
    });
  }
}
