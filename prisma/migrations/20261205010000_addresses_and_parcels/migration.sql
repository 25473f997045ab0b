-- Addresses, parcels and chargeable weight (issue 27).
--
-- The DDL is what Prisma Migrate generates for schema.prisma, in its order. The data step (marked
-- "hand-written") is what Prisma leaves to the author when a required column is added to a table
-- that already has rows.

-- CreateTable
CREATE TABLE "addresses" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "label" VARCHAR(50),
    "is_default_sender" BOOLEAN NOT NULL DEFAULT false,
    "name" VARCHAR(100) NOT NULL,
    "company" VARCHAR(100),
    "line1" VARCHAR(100) NOT NULL,
    "line2" VARCHAR(100),
    "city" VARCHAR(100) NOT NULL,
    "region" VARCHAR(100),
    "postal_code" VARCHAR(20),
    "country" CHAR(2) NOT NULL,
    "phone" VARCHAR(16),
    "email" VARCHAR(100),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "addresses_pkey" PRIMARY KEY ("id")
);

-- AlterTable
-- Existing orders keep null everywhere: they were placed as a weight and a country, priced by their
-- actual weight, and the API shows them with `parcel`, `recipient`, `sender`, `contents` and
-- `chargeableWeightKg` null.
ALTER TABLE "orders" ADD COLUMN     "chargeable_grams" INTEGER,
ADD COLUMN     "contents" JSONB,
ADD COLUMN     "height_mm" INTEGER,
ADD COLUMN     "length_mm" INTEGER,
ADD COLUMN     "recipient" JSONB,
ADD COLUMN     "sender" JSONB,
ADD COLUMN     "width_mm" INTEGER;

-- AlterTable
-- Every existing version gets the contract's first divisor, 5000 (hand-written default, dropped
-- again so the column matches schema.prisma: each new version states its own).
ALTER TABLE "shipping_rate_tables" ADD COLUMN     "volumetric_divisor" INTEGER NOT NULL DEFAULT 5000;
ALTER TABLE "shipping_rate_tables" ALTER COLUMN "volumetric_divisor" DROP DEFAULT;

-- CreateIndex
CREATE INDEX "addresses_user_id_id_idx" ON "addresses"("user_id", "id");

-- AddForeignKey
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddCheckConstraint (hand-written: Prisma cannot express CHECK constraints and leaves them alone)
-- Dimensions are all three or none; the divisor is positive (it divides).
ALTER TABLE "orders" ADD CONSTRAINT "orders_dimensions_check" CHECK (("length_mm" IS NULL) = ("width_mm" IS NULL) AND ("width_mm" IS NULL) = ("height_mm" IS NULL) AND ("length_mm" IS NULL OR ("length_mm" > 0 AND "width_mm" > 0 AND "height_mm" > 0)));
ALTER TABLE "shipping_rate_tables" ADD CONSTRAINT "shipping_rate_tables_volumetric_divisor_check" CHECK ("volumetric_divisor" > 0);
