/** The rules for the fields of an account, shared by registration, profile edits and the web forms. */
import { z } from "zod";

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

export const usernameSchema = z
  .string({ error: "Enter a username." })
  .trim()
  .min(3, "Use at least 3 characters.")
  .max(50, "Use at most 50 characters.")
  .regex(USERNAME_PATTERN, "Use only letters, digits, '_', '.' and '-'.");

/** Stored lower-cased (API.md); uniqueness is case-insensitive in the database as well. */
export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .max(100, "Use at most 100 characters.")
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."));
