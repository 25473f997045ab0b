-- Every attempt of a webhook delivery (the delivery log), not only the last one.

-- CreateTable
CREATE TABLE "webhook_delivery_attempts" (
    "id" SERIAL NOT NULL,
    "delivery_id" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status_code" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "response_body" VARCHAR(1024),
    "error" VARCHAR(500),
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_attempts_delivery_id_attempt_key" ON "webhook_delivery_attempts"("delivery_id", "attempt");

-- AddForeignKey
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The deliveries made before: their last attempt is all that was kept, and it joins the log.
INSERT INTO "webhook_delivery_attempts" ("delivery_id", "attempt", "status_code", "duration_ms", "response_body", "error", "at")
SELECT "id", "attempts", "last_status_code", COALESCE("last_duration_ms", 0), "last_response_body", "last_error", "last_attempt_at"
FROM "webhook_deliveries"
WHERE "attempts" > 0 AND "last_attempt_at" IS NOT NULL;
