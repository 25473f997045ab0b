/**
 * The links Keel e-mails carry, as facts without I/O (the templates, the OpenAPI document and the
 * pages quote them; lib/links/link-tokens.ts enforces them).
 */
import { z } from "zod";

export const LINK_TOKEN_PURPOSES = ["PASSWORD_RESET", "EMAIL_VERIFICATION"] as const;
export type LinkTokenPurpose = (typeof LINK_TOKEN_PURPOSES)[number];

/** How long each kind of link works. */
export const LINK_LIFETIME_SECONDS = {
  PASSWORD_RESET: 30 * 60,
  EMAIL_VERIFICATION: 24 * 60 * 60,
} as const satisfies Record<LinkTokenPurpose, number>;

/** The web page each link opens. */
export const LINK_PAGES = {
  PASSWORD_RESET: "/reset-password",
  EMAIL_VERIFICATION: "/verify-email",
} as const satisfies Record<LinkTokenPurpose, string>;

export function linkUrl(appUrl: string, purpose: LinkTokenPurpose, token: string): string {
  return `${appUrl}${LINK_PAGES[purpose]}?token=${token}`;
}

/** "30 minutes", "24 hours": a lifetime as the e-mails and pages say it. */
export function describeLifetime(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  return `${Math.round(seconds / 60)} minutes`;
}

/**
 * A token as the routes accept it: any string up to a bound. A malformed one is not a validation
 * error but an invalid token like any other, so the answer says nothing about what was wrong.
 */
export const linkTokenSchema = z.string({ error: "Send the token from the link." }).max(512, "That token is too long.");

/** The one-time link a send-email job mints when it runs (carried in the job's data: never the token itself). */
export const oneTimeLinkSchema = z.object({
  purpose: z.enum(LINK_TOKEN_PURPOSES),
  userId: z.int().positive(),
  /**
   * The account's session version when the link was asked for. The token is minted later, when the
   * job runs (possibly after a retry); a credential change in between (password changed or reset,
   * signed out everywhere) bumps the version, and the link is then not minted at all (issue 31).
   * Optional only for jobs queued before this field existed.
   */
  sessionVersion: z.int().nonnegative().optional(),
});
export type OneTimeLink = z.infer<typeof oneTimeLinkSchema>;
