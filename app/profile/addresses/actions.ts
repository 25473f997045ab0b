"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createAddress, createAddressSchema, deleteAddress, updateAddress, updateAddressSchema } from "@/lib/addresses/book";
import { formAction } from "@/lib/forms/action";
import { optionalFromForm } from "@/lib/forms/values";

const ADDRESS_FIELDS = ["name", "company", "line1", "line2", "city", "region", "postalCode", "country", "phone", "email"] as const;

/**
 * The address form's flat fields ("name", "city", ...) as the API's body ({ label, isDefaultSender,
 * address: {...} }), so the form is judged by exactly the API's schema. Its field errors come back
 * as "address.city": the form names its inputs by the last part.
 */
function fromForm(form: Record<string, unknown>) {
  const address = Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, optionalFromForm(form[field])]));
  return { label: optionalFromForm(form.label) ?? null, isDefaultSender: form.isDefaultSender === "on", address };
}

const idField = z.coerce.number().int().positive().max(2_147_483_647);

export const saveNewAddress = formAction("user", z.preprocess((form) => fromForm(form as Record<string, unknown>), createAddressSchema), async (input, { caller }) => {
  await createAddress(caller.user.id, input);
  redirect("/profile/addresses?saved=1");
});

export const saveAddress = formAction(
  "user",
  z.preprocess(
    (form) => ({ id: (form as Record<string, unknown>).id, changes: fromForm(form as Record<string, unknown>) }),
    z.object({ id: idField, changes: updateAddressSchema }),
  ),
  async ({ id, changes }, { caller }) => {
    await updateAddress(caller.user.id, id, changes);
    redirect("/profile/addresses?saved=1");
  },
);

export const makeDefaultSender = formAction("user", z.object({ id: idField }), async ({ id }, { caller }) => {
  await updateAddress(caller.user.id, id, { label: undefined, isDefaultSender: true });
  refresh();
  return { ok: true, message: "This is now your default sender address." };
});

export const removeAddress = formAction("user", z.object({ id: idField }), async ({ id }, { caller }) => {
  await deleteAddress(caller.user.id, id);
  redirect("/profile/addresses?removed=1");
});
