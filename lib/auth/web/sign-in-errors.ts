/**
 * The error NextAuth hands the sign-in page when sign-in is rate limited: this prefix and the seconds
 * to wait. Shared by the server (nextauth.ts) and the sign-in form (a client component), so it is
 * a module of its own with nothing server-only in it.
 */
export const RATE_LIMITED_ERROR_PREFIX = "rate_limited:";

/**
 * The error NextAuth hands the sign-in form when the password was right and the account asks for a
 * second factor: this prefix and the `mfaToken` the form sends, with the code, to the `two-factor`
 * provider.
 */
export const MFA_REQUIRED_ERROR_PREFIX = "mfa_required:";
