/** Schemas the webhook routes share (responses and the two-id path of a delivery). */
import { z } from "zod";
import { idParam } from "@/lib/http/params";
import type { PathParams } from "@/lib/http/params";
import { webhookSchema } from "./dto";

export const webhookResponseSchema = z.strictObject({ webhook: webhookSchema }).meta({ id: "WebhookResponse" });

export const webhookWithSecretSchema = z
  .strictObject({
    webhook: webhookSchema,
    secret: z.string().meta({ description: "The signing secret (`whsec_...`), shown this once.", example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }),
  })
  .meta({ id: "WebhookWithSecret" });

const idString = (what: string) => z.string().regex(/^[1-9][0-9]*$/).meta({ description: `The ${what}'s id.`, example: "42" });

/** `{id}/deliveries/{deliveryId}`: both positive 32-bit integers; anything else is a 404. */
export const deliveryPath: PathParams<{ id: number; deliveryId: number }> = {
  schema: z.object({ id: idString("webhook"), deliveryId: idString("delivery") }),
  parse: (raw) => ({
    id: idParam(typeof raw.id === "string" ? raw.id : undefined, "webhook"),
    deliveryId: idParam(typeof raw.deliveryId === "string" ? raw.deliveryId : undefined, "delivery"),
  }),
};
