-- An administrator's optional note on a status change (issue 31, item 8), kept with its event and
-- shown to administrators only. Prisma Migrate's DDL for schema.prisma; existing events have none.

-- AlterTable
ALTER TABLE "order_events" ADD COLUMN     "note" VARCHAR(500);
