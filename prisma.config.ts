import { defineConfig } from "prisma/config";

// Used by the Prisma CLI only (generate, validate, format; and migrate deploy on machines that can
// download Prisma's schema engine). The app itself connects through lib/db.
const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url ? { datasource: { url } } : {}),
});
