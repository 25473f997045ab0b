/**
 * The most common passwords (about 49,000, from the zxcvbn-ts project's list built from leaked
 * password corpora), loaded on first use. Passwords on this list are refused at registration and
 * password change; no other composition rules apply (NIST SP 800-63B).
 */
import { dictionary } from "@zxcvbn-ts/language-common";

let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common.has(password.toLowerCase());
}
