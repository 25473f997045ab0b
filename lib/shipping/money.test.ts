import { describe, expect, it } from "vitest";
import { formatMoney } from "./money";

describe("formatMoney", () => {
  it("writes dollars as the contract's examples do", () => {
    expect(formatMoney(630, "USD")).toBe("$6.30");
    expect(formatMoney(0, "USD")).toBe("$0.00");
    expect(formatMoney(123456789, "USD")).toBe("$1,234,567.89");
  });

  it("gives a discount a true minus sign before the symbol", () => {
    expect(formatMoney(-63, "USD")).toBe("−$0.63");
  });

  it("uses each currency's own symbol", () => {
    expect(formatMoney(630, "EUR")).toBe("€6.30");
    expect(formatMoney(105, "GBP")).toBe("£1.05");
  });

  it("reads amounts in each currency's minor unit: none for the yen, three decimals for the dinar", () => {
    expect(formatMoney(630, "JPY")).toBe("¥630");
    expect(formatMoney(-1500, "JPY")).toBe("−¥1,500");
    // A code rather than a symbol, set off by a no-break space.
    expect(formatMoney(1234, "BHD")).toBe("BHD\u00a01.234");
  });
});
