-- CreateEnum
CREATE TYPE "shipping_region" AS ENUM ('US', 'EU', 'INTL');

-- CreateTable
CREATE TABLE "orders" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "reference" VARCHAR(100),
    "destination" CHAR(2) NOT NULL,
    "weight_grams" INTEGER NOT NULL,
    "region" "shipping_region" NOT NULL,
    "rate_per_kg_cents" INTEGER NOT NULL,
    "subtotal_cents" INTEGER NOT NULL,
    "discount_cents" INTEGER NOT NULL,
    "total_cents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "discount_reason" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "orders_user_id_id_idx" ON "orders"("user_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_user_id_reference_key" ON "orders"("user_id", "reference");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddCheckConstraint (hand-written: Prisma cannot express CHECK constraints and leaves them alone)
ALTER TABLE "orders" ADD CONSTRAINT "orders_amounts_check" CHECK ("weight_grams" > 0 AND "subtotal_cents" >= 0 AND "discount_cents" >= 0 AND "total_cents" = "subtotal_cents" - "discount_cents");
