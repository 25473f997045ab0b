/**
 * GET /api/v1/orders/{id}/label: the label of one of the caller's orders, once it is paid (a label
 * before payment would let a parcel travel unpaid, and there is no tracking number yet).
 */
import "server-only";
import os from "node:os";
import { Worker } from "node:worker_threads";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/env";
import { consumeAll, defineLimit, FIFTEEN_MINUTES } from "@/lib/rate-limit/limiter";
import { Conflict, NotFound } from "@/lib/errors";
import { gramsToKg } from "@/lib/shipping/weight";
import { ensureTrackingNumber } from "./issue";
import type { LabelInput } from "./label";
import { partiesOf } from "./parties";
import { hasLabel } from "./schemas";
import { processSingleton } from "@/lib/process-singleton";
import { WorkerPool } from "@/lib/server/worker-pool";

/**
 * How long a label worker may sit idle before it ends. Labels come in bursts (a day's parcels
 * printed at once); between them the worker's fonts and working memory (about 70 MB of RSS) go back
 * to the system. Starting one again costs about half a second (its modules, then the fonts: the
 * first label after an idle spell took 0.5-0.75 s where a warm one takes 40-80 ms).
 */
export const LABEL_WORKER_IDLE_MS = 10_000;

/**
 * Labels render in worker threads: a label is 40 ms of CPU (fonts, shaping, a barcode, a PDF), and
 * on the event loop every other request would wait behind it, ten labels in a row behind 400 ms.
 * One worker per core but one (left for the event loop), at most two (each holds its own fonts).
 */
function labelPool(): WorkerPool<LabelInput, Uint8Array> {
  return processSingleton(
    "labels:pool",
    () =>
      new WorkerPool<LabelInput, Uint8Array>({
        name: "label",
        size: Math.max(1, Math.min(2, os.availableParallelism() - 1)),
        idleMs: LABEL_WORKER_IDLE_MS,
        // Written out here: Turbopack bundles the worker (and what it imports) from exactly this form.
        start: () => new Worker(new URL("./label-worker.ts", import.meta.url)),
        // Loaded only if no worker can run: the renderer (fonts, shaping, barcodes, PDF: a 4 MB chunk
        // and its tables) stays out of the main thread's memory otherwise.
        inline: async (input) => (await import("./label")).renderLabel(input),
      }),
  );
}

/** The weight the order was charged for: the chargeable weight when it has dimensions, else the actual. */
function chargedGrams(order: { weightGrams: number }): number {
  const chargeable = "chargeableGrams" in order ? order.chargeableGrams : null;
  return typeof chargeable === "number" ? chargeable : order.weightGrams;
}

/**
 * Labels rendered per user: each is a PDF with embedded fonts and a barcode, far dearer than any
 * JSON answer, so one account (or a leaked API key) cannot keep the server busy rendering them.
 * Only a label that will be rendered counts (not a 404 or a 409). Guards no secret: counted per
 * instance while Redis is away.
 */
const labelUserLimit = defineLimit({
  name: "label-user",
  points: () => getConfig().tracking.labelsPerUser,
  durationSeconds: FIFTEEN_MINUTES,
  whenDown: "count-per-instance",
});

export async function orderLabel(userId: number, orderId: number, now = new Date()): Promise<Uint8Array> {
  const db = await getDb();
  let order = await db.order.findFirst({ where: { id: orderId, userId } });
  if (!order) throw new NotFound("There is no such order.");
  if (!hasLabel(order.status)) throw new Conflict(`An order that is ${order.status} has no label: labels exist once an order is paid.`);
  await consumeAll([[labelUserLimit, `user:${userId}`]], "Too many labels downloaded. Try again later.");
  if (!order.trackingNumber) {
    // Paid before tracking numbers existed: it gets its number now, under the row lock issuing needs.
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM orders WHERE id = ${orderId} FOR UPDATE`;
      await ensureTrackingNumber(tx, orderId);
    });
    order = await db.order.findFirstOrThrow({ where: { id: orderId, userId } });
  }
  const { sender, recipient } = partiesOf(order);
  return labelPool().run({
    orderId: order.id,
    trackingNumber: order.trackingNumber!,
    sender,
    recipient,
    destination: order.destination,
    weightKg: gramsToKg(chargedGrams(order)),
    zone: order.region,
    printedAt: now,
  });
}
