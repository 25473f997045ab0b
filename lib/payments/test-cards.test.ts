import { describe, expect, it } from "vitest";
import { testCardOutcome } from "./test-cards";

describe("testCardOutcome", () => {
  it("pays with 4242 4242 4242 4242 as a Visa ending in 4242, however it is spaced", () => {
    for (const number of ["4242424242424242", "4242 4242 4242 4242", "4242-4242-4242-4242", " 4242 4242 4242 4242 "]) {
      expect(testCardOutcome(number)).toEqual({ kind: "succeeds", brand: "visa", last4: "4242" });
    }
  });

  it("declines 4000 0000 0000 0002", () => {
    expect(testCardOutcome("4000 0000 0000 0002")).toEqual({ kind: "declined" });
  });

  it("knows no other number", () => {
    for (const number of ["", "4242", "4242424242424241", "5555555555554444", "4242424242424242 0", "abcd"]) {
      expect(testCardOutcome(number)).toEqual({ kind: "unknown" });
    }
  });
});
