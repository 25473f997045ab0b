/**
 * The sender and recipient of an order as labels, e-mails and S10 numbers need them. Orders keep
 * their own copies of both addresses (JSON columns of the order, lib/addresses); orders placed as a
 * weight and a country have neither. Read defensively: a stored copy that does not have the shape
 * reads as absent rather than breaking a label or a payment.
 */
import { z } from "zod";

/**
 * The contract's `address` (API.md, "Addresses, parcels and chargeable weight"). The fields of
 * lib/addresses' addressSchema again, but lenient on purpose (nullish, extra keys allowed): it reads
 * stored copies defensively, where addressSchema is the strict shape a response may carry.
 */
export const partyAddressSchema = z.object({
  name: z.string(),
  company: z.string().nullish(),
  line1: z.string(),
  line2: z.string().nullish(),
  city: z.string(),
  region: z.string().nullish(),
  postalCode: z.string().nullish(),
  country: z.string().length(2),
  phone: z.string().nullish(),
  email: z.string().nullish(),
});
export type PartyAddress = z.output<typeof partyAddressSchema>;

export interface Parties {
  sender: PartyAddress | null;
  recipient: PartyAddress | null;
}

function addressOf(value: unknown): PartyAddress | null {
  const parsed = partyAddressSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** An order row, with or without the address columns (orders placed as a weight and a country have none). */
export function partiesOf(order: object): Parties {
  return {
    sender: addressOf("sender" in order ? order.sender : null),
    recipient: addressOf("recipient" in order ? order.recipient : null),
  };
}
