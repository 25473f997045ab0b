-- Rate tables as data and the order lifecycle (issue 16).
--
-- The DDL is what Prisma Migrate generates for schema.prisma, in its order. The data steps (marked
-- "hand-written") are what Prisma leaves to the author when a required column is added to a table
-- that already has rows, and the seed rate table that the contract says is version 1.

-- CreateEnum
CREATE TYPE "order_status" AS ENUM ('placed', 'paid', 'shipped', 'delivered', 'cancelled');

-- CreateTable
CREATE TABLE "shipping_rate_tables" (
    "version" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "zones" JSONB NOT NULL,
    "loyalty_min_orders" INTEGER NOT NULL,
    "loyalty_percent" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" INTEGER,

    CONSTRAINT "shipping_rate_tables_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "order_events" (
    "id" SERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "status" "order_status" NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" INTEGER,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("id")
);

-- Seed version 1 (hand-written): the rates that were constants in code until now, plus the minimum
-- charge of 100 cents that the contract introduces with this version.
INSERT INTO "shipping_rate_tables" ("version", "currency", "zones", "loyalty_min_orders", "loyalty_percent")
VALUES (1, 'USD', '[
  {"code": "US", "name": "United States", "countries": ["US"], "ratePerKgCents": 250, "minimumChargeCents": 100},
  {"code": "EU", "name": "European Union", "countries": ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"], "ratePerKgCents": 300, "minimumChargeCents": 100},
  {"code": "INTL", "name": "International", "countries": ["*"], "ratePerKgCents": 400, "minimumChargeCents": 100}
]'::jsonb, 50, 10);

-- AlterTable
-- The zone code replaces the fixed US/EU/INTL enum (zones are data now); the cast keeps every
-- existing order's region as it was.
ALTER TABLE "orders" ALTER COLUMN "region" SET DATA TYPE VARCHAR(10) USING "region"::text;

-- AlterTable
-- Existing orders (hand-written defaults, dropped again below so the columns match schema.prisma):
-- - rates_version 1: they were priced by exactly version 1's per-kg rates and loyalty rule.
-- - minimum_charge_cents 0, not 100: they were priced without a minimum (a 1 g parcel cost 0
--   cents), and the column records what was applied to this order's price, so that
--   subtotal = max(weight x rate, minimum charge) stays true of every row, old and new. Writing 100
--   would claim a minimum that their subtotals do not honour.
-- - status paid, not placed: before the lifecycle existed, placing an order was the whole purchase
--   (the business settled it outside the system and every order counted toward the loyalty
--   discount). As "placed" they would suddenly be cancellable by customers long after they were
--   settled, and loyal customers would silently lose the discount they had earned, because only
--   paid, shipped and delivered orders count now. Administrators can still move them on to shipped,
--   delivered or cancelled.
ALTER TABLE "orders" ADD COLUMN     "minimum_charge_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rates_version" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "status" "order_status" NOT NULL DEFAULT 'placed',
ADD COLUMN     "tracking_number" VARCHAR(100);

-- Existing orders' history (hand-written): placed when they were created, and paid by this
-- migration (so its time is the migration's, not a guess); no actor, as no person made the change.
UPDATE "orders" SET "status" = 'paid';
INSERT INTO "order_events" ("order_id", "status", "at", "actor_id")
SELECT "id", 'placed'::"order_status", "created_at", NULL FROM "orders" ORDER BY "id";
INSERT INTO "order_events" ("order_id", "status", "at", "actor_id")
SELECT "id", 'paid'::"order_status", CURRENT_TIMESTAMP, NULL FROM "orders" ORDER BY "id";

ALTER TABLE "orders" ALTER COLUMN "minimum_charge_cents" DROP DEFAULT,
ALTER COLUMN "rates_version" DROP DEFAULT;

-- DropEnum
DROP TYPE "shipping_region";

-- CreateIndex
CREATE INDEX "orders_user_id_status_idx" ON "orders"("user_id", "status");

-- CreateIndex
CREATE INDEX "orders_status_id_idx" ON "orders"("status", "id");

-- CreateIndex
CREATE INDEX "order_events_order_id_id_idx" ON "order_events"("order_id", "id");

-- CreateIndex
CREATE INDEX "order_events_actor_id_idx" ON "order_events"("actor_id");

-- AddForeignKey
ALTER TABLE "shipping_rate_tables" ADD CONSTRAINT "shipping_rate_tables_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_rates_version_fkey" FOREIGN KEY ("rates_version") REFERENCES "shipping_rate_tables"("version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddCheckConstraint (hand-written: Prisma cannot express CHECK constraints and leaves them alone)
ALTER TABLE "orders" ADD CONSTRAINT "orders_minimum_charge_check" CHECK ("minimum_charge_cents" >= 0 AND "subtotal_cents" >= "minimum_charge_cents");
ALTER TABLE "shipping_rate_tables" ADD CONSTRAINT "shipping_rate_tables_version_check" CHECK ("version" > 0);
