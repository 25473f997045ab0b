/**
 * The build-time check of the environment (t3 does the same), run by next.config.js when `next build`
 * starts: every variable that is set must have a valid value, so a typo fails the build instead of
 * the first start. What is required only in production (AUTH_SECRET, PASSWORD_PEPPER) is checked at
 * start-up, not here: a container image is built without its secrets.
 */
import { ConfigError, parseDatabaseConfig } from "@/lib/env";

try {
  // Parsing the database settings validates every variable of the schema.
  parseDatabaseConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
