import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log";
import { runWithRequest } from "./request-context";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}

describe("log", () => {
  it("writes JSON with the level's name and the request id", () => {
    const { lines, logger } = capture();
    runWithRequest({ requestId: "req-1" }, () => logger.info({ userId: 7 }, "hello"));
    expect(lines[0]).toMatchObject({ level: "info", msg: "hello", userId: 7, request_id: "req-1", service: "keel" });
    expect(lines[0]).not.toHaveProperty("trace_id");
  });

  it("builds its default destination, buffered stdout (a bad buffer setting stops every server at start)", () => {
    const logger = createLogger();
    expect(() => logger.flush()).not.toThrow();
  });

  it("stamps each line with the ISO time of its writing, to the millisecond", () => {
    const { lines, logger } = capture();
    for (let i = 0; i < 50; i++) {
      const before = Date.now();
      logger.info({}, "tick");
      const after = Date.now();
      const time = lines.at(-1)!.time as string;
      expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(new Date(time).toISOString()).toBe(time);
      expect(Date.parse(time)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(time)).toBeLessThanOrEqual(after);
    }
  });

  it("redacts secret fields at the top level and one level down", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: "hunter2",
        token: "t0k3n",
        refreshToken: "r",
        authorization: "Bearer x",
        cookie: "a=b",
        headers: { authorization: "Bearer y", cookie: "c=d", "set-cookie": "e=f" },
        user: { passwordHash: "$2b$...", id: 3 },
      },
      "request",
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ["hunter2", "t0k3n", "Bearer", "a=b", "c=d", "e=f", "$2b$"]) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: "[redacted]", user: { id: 3, passwordHash: "[redacted]" } });
  });
});
