/**
 * A user's address book (OpenAPI document, "Addresses, parcels and chargeable weight"): saved
 * addresses with an optional label, at most one of them the default sender. Orders copy the address
 * they use (lib/orders/orders.ts), so editing or deleting an entry never changes an order.
 *
 * Another user's entry is "not found", exactly like a missing one. Every change that can touch the
 * default takes the user's row lock first, so two requests setting different defaults at once end
 * with exactly one default (the later one), never two.
 */
import { z } from "zod";
import type { Address as AddressRow } from "@/lib/db/generated/client";
import { getDb } from "@/lib/db/client";
import { lockUser } from "@/lib/db/locks";
import type { Db } from "@/lib/db/types";
import { Conflict, NotFound } from "@/lib/errors";
import { type Address, ADDRESS_EXAMPLE, ADDRESS_LIMITS, addressFromColumns, addressInputSchema, addressSchema, addressText } from "./schemas";

/** Enough for a business's senders and regular recipients; bounds the list (it is not paginated). */
export const MAX_ADDRESSES = 100;

// undefined: unchanged (PATCH); null or blank: no label.
const label = z
  .union([z.null(), addressText("The label", ADDRESS_LIMITS.label)], { error: "The label must be text." })
  .optional()
  .transform((value) => (value === undefined ? undefined : value || null))
  .meta({ description: `Your name for it ("Home", "Warehouse"): at most ${ADDRESS_LIMITS.label} characters; null or "" removes it.`, example: "Home" });

const isDefaultSender = z
  .boolean({ error: "isDefaultSender must be true or false." })
  .optional()
  .meta({ description: "The address orders are sent from when they name no sender. Setting it moves the default here." });

/** POST /api/v1/profile/addresses. */
export const createAddressSchema = z
  .strictObject({ label, isDefaultSender, address: addressInputSchema })
  .meta({ id: "CreateAddressRequest", example: { label: "Home", isDefaultSender: true, address: ADDRESS_EXAMPLE } });
export type CreateAddressInput = z.output<typeof createAddressSchema>;

/** PATCH /api/v1/profile/addresses/{id}: any of the fields; `address` is replaced whole. */
export const updateAddressSchema = z
  .strictObject({ label, isDefaultSender, address: addressInputSchema.optional() })
  .refine((input) => input.label !== undefined || input.isDefaultSender !== undefined || input.address !== undefined, {
    message: "Send label, isDefaultSender or address.",
  })
  .meta({ id: "UpdateAddressRequest", example: { isDefaultSender: true } });
export type UpdateAddressInput = z.output<typeof updateAddressSchema>;

export const addressBookItemSchema = z
  .strictObject({
    id: z.int().positive(),
    label: z.string().optional(),
    isDefaultSender: z.boolean(),
    address: addressSchema,
    createdAt: z.iso.datetime(),
  })
  .meta({ id: "AddressBookItem", description: "An entry of your address book." });
export type AddressBookItem = z.output<typeof addressBookItemSchema>;

export const addressBookItemResponseSchema = z.strictObject({ item: addressBookItemSchema }).meta({ id: "AddressBookItemResponse" });
export const addressBookResponseSchema = z
  .strictObject({ items: z.array(addressBookItemSchema) })
  .meta({ id: "AddressBook", description: `Your addresses, oldest first (at most ${MAX_ADDRESSES}).` });

export function toAddressBookItem(row: AddressRow): AddressBookItem {
  return {
    id: row.id,
    ...(row.label ? { label: row.label } : {}),
    isDefaultSender: row.isDefaultSender,
    address: addressFromColumns(row),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The address as columns of the `addresses` table (absent fields null, so a replaced address loses
 * them). The inverse of addressFromColumns (./schemas.ts), field by field like it on purpose: a
 * loop over the optional keys would let a field the columns lack slip through to Prisma.
 */
function columnsOf(address: Address) {
  return {
    name: address.name,
    company: address.company ?? null,
    line1: address.line1,
    line2: address.line2 ?? null,
    city: address.city,
    region: address.region ?? null,
    postalCode: address.postalCode ?? null,
    country: address.country,
    phone: address.phone ?? null,
    email: address.email ?? null,
  };
}

export async function listAddresses(userId: number): Promise<AddressBookItem[]> {
  const rows = await (await getDb()).address.findMany({ where: { userId }, orderBy: { id: "asc" }, take: MAX_ADDRESSES });
  return rows.map(toAddressBookItem);
}

/** One of the user's entries (for pages); NotFound for another user's or a missing one. */
export async function getAddress(userId: number, id: number): Promise<AddressBookItem> {
  const row = await (await getDb()).address.findFirst({ where: { id, userId } });
  if (!row) throw new NotFound("There is no such address.");
  return toAddressBookItem(row);
}

export async function createAddress(userId: number, input: CreateAddressInput): Promise<AddressBookItem> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    if (!(await lockUser(tx, userId))) throw new NotFound("This account no longer exists.");
    // Counted under the lock: two requests at once cannot both add the 101st entry.
    if ((await tx.address.count({ where: { userId } })) >= MAX_ADDRESSES) {
      throw new Conflict(`An address book holds at most ${MAX_ADDRESSES} addresses; delete one first.`);
    }
    if (input.isDefaultSender) await clearDefault(tx, userId);
    const row = await tx.address.create({
      data: { userId, label: input.label || null, isDefaultSender: input.isDefaultSender ?? false, ...columnsOf(input.address) },
    });
    return toAddressBookItem(row);
  });
}

export async function updateAddress(userId: number, id: number, input: UpdateAddressInput): Promise<AddressBookItem> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    if (!(await lockUser(tx, userId))) throw new NotFound("There is no such address.");
    const existing = await tx.address.findFirst({ where: { id, userId }, select: { id: true } });
    if (!existing) throw new NotFound("There is no such address.");
    if (input.isDefaultSender) await clearDefault(tx, userId);
    const row = await tx.address.update({
      where: { id },
      data: {
        ...(input.label !== undefined ? { label: input.label || null } : {}),
        ...(input.isDefaultSender !== undefined ? { isDefaultSender: input.isDefaultSender } : {}),
        ...(input.address ? columnsOf(input.address) : {}),
      },
    });
    return toAddressBookItem(row);
  });
}

/** Deletes the entry; orders that used it keep their own copy. */
export async function deleteAddress(userId: number, id: number): Promise<void> {
  const { count } = await (await getDb()).address.deleteMany({ where: { id, userId } });
  if (count === 0) throw new NotFound("There is no such address.");
}

async function clearDefault(tx: Db, userId: number): Promise<void> {
  await tx.address.updateMany({ where: { userId, isDefaultSender: true }, data: { isDefaultSender: false } });
}

/** The default sender's address, or null; read inside the caller's transaction. */
export async function defaultSender(tx: Db, userId: number): Promise<Address | null> {
  const row = await tx.address.findFirst({ where: { userId, isDefaultSender: true }, orderBy: { id: "asc" } });
  return row ? addressFromColumns(row) : null;
}

/** One of the user's entries by id, for `sender: { addressId }`; null when it is not theirs. */
export async function addressOfUser(tx: Db, userId: number, id: number): Promise<Address | null> {
  const row = await tx.address.findFirst({ where: { id, userId } });
  return row ? addressFromColumns(row) : null;
}
