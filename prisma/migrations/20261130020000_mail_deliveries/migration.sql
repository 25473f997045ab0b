-- CreateTable
CREATE TABLE "mail_deliveries" (
    "key" VARCHAR(200) NOT NULL,
    "template" VARCHAR(50) NOT NULL,
    "message_id" VARCHAR(500),
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mail_deliveries_pkey" PRIMARY KEY ("key")
);
