/**
 * The label worker (lib/tracking/label-order.ts starts it through lib/server/worker-pool.ts): renders
 * one label at a time, off the request thread. Its fonts are read and parsed once per worker, and
 * go with it when it ends.
 */
import { parentPort } from "node:worker_threads";
import { type LabelInput, renderLabel } from "./label";

parentPort?.on("message", ({ id, task }: { id: number; task: LabelInput }) => {
  renderLabel(task).then(
    (result) => parentPort?.postMessage({ id, result }),
    (error: unknown) => parentPort?.postMessage({ id, error: String(error instanceof Error ? error.message : error) }),
  );
});
