import { z } from "zod";
import { API_KEY_SCOPES } from "./scopes";

/** How many keys one account may hold: enough for every server it runs, few enough to review. */
export const MAX_KEYS_PER_USER = 20;

export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(apiKeyScopeSchema)
      .min(1, "Choose at least one scope.")
      .max(API_KEY_SCOPES.length)
      .transform((scopes) => [...new Set(scopes)]),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((value) => Date.parse(value) > Date.now(), "must be in the future")
      .refine((value) => Date.parse(value) < Date.now() + 10 * 366 * 24 * 3600 * 1000, "must be within ten years")
      .optional()
      .nullable(),
  })
  .strict();
export type CreateApiKeyInput = z.output<typeof createApiKeySchema>;
