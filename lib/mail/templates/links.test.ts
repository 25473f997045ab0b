import { describe, expect, it } from "vitest";
import { describeLifetime, LINK_LIFETIME_SECONDS, linkTokenSchema, linkUrl } from "@/lib/links/links";
import { needsLink, renderMessage } from "./index";

const appUrl = "https://keel.example.com";
const token = "m4wPeOD8yOF2GXnyfUm-MykOjOkzXZ9nSfLVc5NKzA0";

describe("e-mails with one-time links", () => {
  it("puts the link to the right page in both parts of a reset e-mail, and says how long it works", () => {
    const link = linkUrl(appUrl, "PASSWORD_RESET", token);
    expect(link).toBe(`${appUrl}/reset-password?token=${token}`);
    const mail = renderMessage({ template: "password-reset", username: "ada" }, { appUrl, link });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain(link);
      expect(part).toContain("30 minutes");
    }
  });

  it("refuses to render a link e-mail without its link", () => {
    expect(needsLink({ template: "verify-email", username: "ada" })).toBe(true);
    expect(needsLink({ template: "welcome", username: "ada" })).toBe(false);
    expect(() => renderMessage({ template: "verify-email", username: "ada" }, { appUrl })).toThrow(/needs its one-time link/);
  });

  it("folds the verification link into the welcome e-mail when there is one", () => {
    const link = linkUrl(appUrl, "EMAIL_VERIFICATION", token);
    const withLink = renderMessage({ template: "welcome", username: "ada" }, { appUrl, link });
    expect(withLink.text).toContain(`${appUrl}/verify-email?token=${token}`);
    expect(withLink.text).toContain(`${appUrl}/signin`);
    expect(withLink.text).toContain("24 hours");
    expect(renderMessage({ template: "welcome", username: "ada" }, { appUrl }).text).not.toContain("token=");
  });

  it("tells the old address of a change without a link and without the full new address", () => {
    const mail = renderMessage(
      { template: "email-changed", username: "ada", newAddress: "n***@example.org", at: "2026-11-30T01:00:00.000Z" },
      { appUrl },
    );
    expect(mail.text).toContain("n***@example.org");
    expect(mail.text).toContain("2026-11-30 01:00 UTC");
    expect(mail.text).not.toContain("token=");
  });

  it("says lifetimes as people do, and bounds the token the routes accept", () => {
    expect(describeLifetime(LINK_LIFETIME_SECONDS.PASSWORD_RESET)).toBe("30 minutes");
    expect(describeLifetime(LINK_LIFETIME_SECONDS.EMAIL_VERIFICATION)).toBe("24 hours");
    expect(describeLifetime(3600)).toBe("1 hour");
    expect(linkTokenSchema.safeParse("anything at all").success).toBe(true);
    expect(linkTokenSchema.safeParse("x".repeat(513)).success).toBe(false);
  });
});
