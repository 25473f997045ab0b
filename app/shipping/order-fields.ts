/** The recipient's inputs are named "recipient.name", ...; the country is the destination picker's. */
export const RECIPIENT_FIELDS = ["name", "company", "line1", "line2", "city", "region", "postalCode", "phone", "email"] as const;
export type RecipientField = (typeof RECIPIENT_FIELDS)[number];

/** An entered sender's inputs ("sender.name", ...), its country ("sender.country") included. */
export const SENDER_FIELDS = [...RECIPIENT_FIELDS, "country"] as const;

/** The sender choice (`sender.addressId`) that means "the sender typed below", not an address-book entry. */
export const NEW_SENDER = "new";

/**
 * Where the API's field errors show in the web form: the form names its inputs after the first
 * clients' body (weightKg, destination), the API names them after the body it was given.
 */
export const FIELD_ALIASES: Record<string, string> = {
  "parcel.weightKg": "weightKg",
  "parcel.lengthCm": "lengthCm",
  "parcel.widthCm": "widthCm",
  "parcel.heightCm": "heightCm",
  parcel: "weightKg",
  "recipient.country": "destination",
  "contents.valueCents": "contents.value",
  "contents.currency": "contents.value",
};

/** Field errors keyed by the form's input names. */
export function formFieldErrors(fields: Record<string, string[]> | undefined): Record<string, string[]> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(fields)) {
    const key = FIELD_ALIASES[name] ?? name;
    out[key] = [...(out[key] ?? []), ...messages];
  }
  return out;
}
