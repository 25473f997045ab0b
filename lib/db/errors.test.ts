import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./errors";

describe("isDatabaseUnavailable", () => {
  it("recognises connection failures from Prisma, its driver adapters and node-postgres", () => {
    const cases = [
      { code: "P1001", message: "Can't reach database server" },
      { code: "P2024", message: "Timed out fetching a new connection from the connection pool" },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } },
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      { code: "57P01", message: "terminating connection due to administrator command" },
      { code: "08006", message: "connection failure" },
      { name: "Unavailable", message: "shutting down" },
    ];
    for (const error of cases) expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("does not mistake data errors or bugs for an outage", () => {
    const cases = [
      { code: "P2002", meta: { driverAdapterError: { cause: { kind: "UniqueConstraintViolation" } } } },
      { code: "23505", message: "duplicate key value violates unique constraint" },
      new TypeError("x is undefined"),
      "a string",
      null,
      undefined,
    ];
    for (const error of cases) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
