import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { BcryptPool } from "./bcrypt-workers";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await wait(20);
  }
}

describe("the bcrypt worker pool", () => {
  it("starts workers only for work, at most its size, and ends them when idle; a later job starts one again", async () => {
    const pool = new BcryptPool(2, 300);
    expect(pool.workers).toBe(0);
    const hash = bcrypt.hashSync("a passphrase", 4);

    const results = await Promise.all([1, 2, 3].map(() => pool.run<boolean>({ op: "compare", args: ["a passphrase", hash] })));
    expect(results).toEqual([true, true, true]);
    expect(pool.workers).toBe(2);

    await until(() => pool.workers === 0);

    expect(await pool.run<boolean>({ op: "compare", args: ["another passphrase", hash] })).toBe(false);
    expect(pool.workers).toBe(1);
    const made = await pool.run<string>({ op: "hash", args: ["a passphrase", 4] });
    expect(bcrypt.compareSync("a passphrase", made)).toBe(true);
    await until(() => pool.workers === 0);
  });

  it("keeps a worker that is busy again within the idle time", async () => {
    const pool = new BcryptPool(1, 400);
    const hash = bcrypt.hashSync("x", 4);
    for (let i = 0; i < 4; i++) {
      expect(await pool.run<boolean>({ op: "compare", args: ["x", hash] })).toBe(true);
      await wait(150);
      expect(pool.workers).toBe(1);
    }
    await until(() => pool.workers === 0);
  });
});
