import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { WorkerPool } from "./worker-pool";

// A worker that doubles numbers and answers a task of -1 with an error (the protocol's error reply).
const DOUBLER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ id, task }) => {
  if (task === -1) parentPort.postMessage({ id, error: "no negative numbers" });
  else parentPort.postMessage({ id, result: task * 2 });
});
`;

const inline = async (task: number) => -task;

function pool(start: () => Worker, size = 1) {
  return new WorkerPool<number, number>({ name: "test", size, idleMs: 200, start, inline });
}

describe("the worker pool", () => {
  it("runs tasks in its workers, answers each task with its own result, and ends idle workers", async () => {
    const doubling = pool(() => new Worker(DOUBLER, { eval: true }), 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => doubling.run(n)))).toEqual([2, 4, 6, 8, 10]);
    expect(doubling.workers).toBe(2);
    expect(doubling.inline).toBe(false);
    await expect.poll(() => doubling.workers, { timeout: 5_000 }).toBe(0);
  });

  it("rejects a task its worker answers with an error, and goes on with the same worker", async () => {
    const doubling = pool(() => new Worker(DOUBLER, { eval: true }));
    await expect(doubling.run(-1)).rejects.toThrow("no negative numbers");
    expect(await doubling.run(21)).toBe(42);
    expect(doubling.inline).toBe(false);
  });

  it("runs the work inline from then on when a worker cannot be made", async () => {
    const broken = pool(() => {
      throw new Error("no worker here");
    });
    expect(await Promise.all([3, 4].map((n) => broken.run(n)))).toEqual([-3, -4]);
    expect(broken.inline).toBe(true);
    expect(broken.workers).toBe(0);
  });

  it("runs the task inline when its worker dies loading (a bundle that fails to load), and the queued ones too", async () => {
    const dying = pool(() => new Worker(`throw new Error("cannot load")`, { eval: true }));
    expect(await Promise.all([5, 6, 7].map((n) => dying.run(n)))).toEqual([-5, -6, -7]);
    expect(dying.inline).toBe(true);
    expect(await dying.run(8)).toBe(-8);
    await expect.poll(() => dying.workers).toBe(0);
  });
});
