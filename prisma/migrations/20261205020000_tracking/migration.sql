-- Tracking numbers, tracking events and the serials of UPU S10 numbers (issue 27, items 4-6).
--
-- The DDL is what Prisma Migrate generates for schema.prisma, in its order. The steps marked
-- "hand-written" are what Prisma leaves to the author: moving existing data, and the sequence that
-- S10 serials come from (Prisma models no standalone sequences and leaves them alone).

-- CreateEnum
CREATE TYPE "tracking_event_status" AS ENUM ('in_transit', 'out_for_delivery', 'delivery_failed');

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "carrier_number" VARCHAR(100);

-- Existing tracking numbers (hand-written) were all typed by administrators when they marked orders
-- shipped: carriers' numbers. They move to carrier_number, which the API still shows as
-- `trackingNumber`; tracking_number now holds only Keel's own S10 numbers, unique.
UPDATE "orders" SET "carrier_number" = "tracking_number", "tracking_number" = NULL WHERE "tracking_number" IS NOT NULL;

-- CreateTable
CREATE TABLE "tracking_events" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "status" "tracking_event_status" NOT NULL,
    "location" VARCHAR(100),
    "note" VARCHAR(500),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,

    CONSTRAINT "tracking_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "orders_tracking_number_key" ON "orders"("tracking_number");

-- CreateIndex
CREATE INDEX "tracking_events_order_id_id_idx" ON "tracking_events"("order_id", "id");

-- CreateIndex
CREATE INDEX "tracking_events_actor_id_idx" ON "tracking_events"("actor_id");

-- AddForeignKey
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracking_events" ADD CONSTRAINT "tracking_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateSequence (hand-written): the 8-digit serials of S10 numbers (lib/tracking/issue.ts). Never
-- cycles: a number once issued names one parcel for good; running out is an error to see, not a
-- reuse. A rolled-back payment burns its serial, which the standard allows (serials need not be
-- contiguous).
CREATE SEQUENCE "tracking_serials" AS INTEGER MINVALUE 1 MAXVALUE 99999999 NO CYCLE;
