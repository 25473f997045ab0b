import { describe, expect, it } from "vitest";
import { describeUserAgent } from "./user-agent";

describe("describeUserAgent", () => {
  it("names browser, major version and system", () => {
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox 133 on Linux");
    expect(
      describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
    ).toMatch(/^Safari 17 on iOS/);
  });

  it("falls back to an app's product token, or says it does not know", () => {
    expect(describeUserAgent("KeelApp/2.0")).toMatch(/KeelApp/);
    expect(describeUserAgent(null)).toBe("An unknown device");
    expect(describeUserAgent("")).toBe("An unknown device");
  });
});
