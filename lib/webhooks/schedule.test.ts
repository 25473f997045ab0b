import { describe, expect, it } from "vitest";
import { retryDelayMs, scheduleSpanMs } from "./schedule";

const defaults = { retryBaseSeconds: 60, retryMaxDelaySeconds: 43_200, maxAttempts: 15 };

describe("the webhook retry schedule", () => {
  it("doubles from the base up to the maximum, and ends after the last attempt", () => {
    const middle = () => 0.5;
    expect(retryDelayMs(1, defaults, middle)).toBe(60_000);
    expect(retryDelayMs(2, defaults, middle)).toBe(120_000);
    expect(retryDelayMs(10, defaults, middle)).toBe(512 * 60_000);
    expect(retryDelayMs(11, defaults, middle)).toBe(43_200_000);
    expect(retryDelayMs(14, defaults, middle)).toBe(43_200_000);
    expect(retryDelayMs(15, defaults, middle)).toBeNull();
  });

  it("spans about three days with the defaults", () => {
    const days = scheduleSpanMs(defaults) / 86_400_000;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThan(3.5);
  });

  it("jitters each wait by at most 20% either way", () => {
    expect(retryDelayMs(3, defaults, () => 0)).toBe(0.8 * 240_000);
    expect(retryDelayMs(3, defaults, () => 0.999999)).toBeCloseTo(1.2 * 240_000, -1);
    const waits = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, defaults)));
    expect(waits.size).toBeGreaterThan(40);
  });
});
