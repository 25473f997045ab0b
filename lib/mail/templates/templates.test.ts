import { describe, expect, it } from "vitest";
import { mailMessageSchema, renderMessage } from "./index";

const appUrl = "https://keel.example.com";

describe("e-mail templates", () => {
  it("render every message with a text and an HTML part saying who sent it and why", () => {
    const messages = [
      { template: "welcome", username: "ada" },
      { template: "password-changed", username: "ada", at: "2026-11-30T01:02:03.000Z" },
      { template: "new-device-sign-in", username: "ada", at: "2026-11-30T01:02:03.000Z", device: "Firefox on Linux", ip: "192.0.2.7" },
      { template: "two-factor-changed", username: "ada", enabled: true, at: "2026-11-30T01:02:03.000Z" },
      { template: "two-factor-changed", username: "ada", enabled: false, at: "2026-11-30T01:02:03.000Z" },
      { template: "welcome", username: "ada", provider: "GitHub" },
      { template: "identity-linked", username: "ada", provider: "GitHub", at: "2026-11-30T01:02:03.000Z" },
      { template: "passkey-added", username: "ada", name: "MacBook", at: "2026-11-30T01:02:03.000Z" },
      { template: "recovery-codes-regenerated", username: "ada", at: "2026-11-30T01:02:03.000Z" },
      { template: "recovery-code-used", username: "ada", left: 9, at: "2026-11-30T01:02:03.000Z" },
      { template: "recovery-code-used", username: "ada", left: 1, at: "2026-11-30T01:02:03.000Z" },
    ] as const;
    for (const message of messages) {
      const content = renderMessage(mailMessageSchema.parse(message), { appUrl });
      expect(content.subject).toMatch(/Keel/);
      for (const part of [content.text, content.html]) {
        expect(part).toContain("ada");
        expect(part).toContain(`sent by Keel`);
        expect(part).toMatch(/You received this/);
        expect(part).toContain(appUrl);
      }
    }
  });

  it("escapes what users typed, so a username cannot inject markup", () => {
    const content = renderMessage({ template: "welcome", username: '<img src=x onerror="alert(1)">' }, { appUrl });
    expect(content.html).not.toContain("<img");
    expect(content.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("says how many recovery codes are left after one was used, and urges new ones when few are", () => {
    const many = renderMessage({ template: "recovery-code-used", username: "ada", left: 9, at: "2026-11-30T01:02:03.000Z" }, { appUrl });
    expect(many.text).toContain("You have 9 recovery codes left.");
    expect(many.text).not.toContain("make new recovery codes");
    const one = renderMessage({ template: "recovery-code-used", username: "ada", left: 1, at: "2026-11-30T01:02:03.000Z" }, { appUrl });
    expect(one.text).toContain("You have 1 recovery code left.");
    expect(one.text).toContain("make new recovery codes");
  });

  it("says when the password was changed, in UTC", () => {
    const content = renderMessage({ template: "password-changed", username: "ada", at: "2026-11-30T01:02:03.000Z" }, { appUrl });
    expect(content.text).toContain("2026-11-30 01:02 UTC");
  });

  it("refuses unknown templates and missing parameters", () => {
    expect(mailMessageSchema.safeParse({ template: "nope" }).success).toBe(false);
    expect(mailMessageSchema.safeParse({ template: "password-changed", username: "ada" }).success).toBe(false);
  });
});
