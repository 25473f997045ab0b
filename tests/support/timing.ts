/**
 * The yardstick of the enumeration timing tests (sign-in and password reset): one bcrypt compare at
 * production's lowest cost, 10, timed here on the test's own machine, a few times before the
 * measurement and again between its requests, so that the yardstick and the requests see the same
 * load. "Within a third of one compare" means an unknown account skips no password check.
 */
import bcrypt from "bcryptjs";

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function bcryptCompareClock() {
  const hash = await bcrypt.hash("a password to compare against", 10);
  await bcrypt.compare("warm up", hash);
  const compares: number[] = [];
  const measure = async () => {
    const started = performance.now();
    await bcrypt.compare("another password", hash);
    compares.push(performance.now() - started);
  };
  for (let i = 0; i < 3; i++) await measure();
  /** Times one more compare (call it between the measured requests). */
  return { measure, medianMs: () => median(compares) };
}
