/**
 * A password must not be the account's username or email (compared case-insensitively), the one
 * rule of password policy that needs to know the account. Registration checks it in its schema,
 * a password change against the stored account.
 */
export const RESEMBLES_ACCOUNT_MESSAGE = "Your password must not be your username or email.";

/** `password` as the password schemas output it (NFKC-normalised). */
export function resemblesAccount(password: string, account: { username: string; email: string }): boolean {
  const lowered = password.toLowerCase();
  return lowered === account.username.toLowerCase() || lowered === account.email.toLowerCase();
}
