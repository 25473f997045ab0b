/**
 * When a failed delivery is tried again: exponential backoff with jitter. After the n-th failed
 * attempt the wait is base x 2^(n-1), at most the maximum, times a random factor in [0.8, 1.2] so
 * that many deliveries failing together (a receiver's outage) do not all come back at one instant.
 * With the defaults (60 s, 12 h, 15 attempts) the waits are 1, 2, 4, ... 512 minutes, then 12 hours
 * four times: about 2.7 days from the first attempt to the last. Tests shorten it (lib/env.ts).
 */
export interface RetrySchedule {
  retryBaseSeconds: number;
  retryMaxDelaySeconds: number;
  maxAttempts: number;
}

/** Milliseconds to wait after failed attempt number `attempt` (1-based); null when it was the last. */
export function retryDelayMs(attempt: number, schedule: RetrySchedule, random: () => number = Math.random): number | null {
  if (attempt >= schedule.maxAttempts) return null;
  const base = Math.min(schedule.retryBaseSeconds * 2 ** Math.min(attempt - 1, 30), schedule.retryMaxDelaySeconds);
  return Math.round(base * 1000 * (0.8 + 0.4 * random()));
}

/** The nominal total span of the schedule (no jitter), for the docs and the tests. */
export function scheduleSpanMs(schedule: RetrySchedule): number {
  let total = 0;
  for (let attempt = 1; attempt < schedule.maxAttempts; attempt++) total += retryDelayMs(attempt, schedule, () => 0.5)!;
  return total;
}
