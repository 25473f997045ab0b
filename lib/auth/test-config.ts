import { CONFIG_SINGLETON } from "@/lib/env";
import { forgetProcessSingleton } from "@/lib/process-singleton";

/**
 * A real configuration for the auth unit tests: secrets set in the environment (no files written),
 * and the cached config dropped so that each test file reads its own.
 */
export function useTestConfig(overrides: Record<string, string> = {}): void {
  Object.assign(process.env, {
    AUTH_SECRET: "a-test-auth-secret-that-is-long-enough-0123456789",
    PASSWORD_PEPPER: "a-test-password-pepper-long-enough-0123456789",
    BCRYPT_COST: "10",
    ...overrides,
  });
  forgetProcessSingleton(CONFIG_SINGLETON);
}
