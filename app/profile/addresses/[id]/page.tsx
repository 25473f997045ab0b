import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { COUNTRY_OPTIONS } from "@/app/_components/countries";
import { getAddress } from "@/lib/addresses/book";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { NotFound } from "@/lib/errors";
import { pageIdParam } from "@/lib/http/params";
import { AddressForm } from "../address-form";
import { saveAddress } from "../actions";

export const metadata: Metadata = { title: "Edit address" };

export default async function EditAddressPage({ params }: PageProps<"/profile/addresses/[id]">) {
  const { id: raw } = await params;
  const id = pageIdParam(raw);
  const caller = await requireCaller(`/profile/addresses/${id}`);
  // Another user's address is not found, like a missing one.
  const item = await getAddress(caller.user.id, id).catch((error) => {
    if (error instanceof NotFound) notFound();
    throw error;
  });
  return (
    <main className="narrow">
      <p>
        <Link href="/profile/addresses">← Your addresses</Link>
      </p>
      <h1>Edit address</h1>
      <AddressForm
        action={saveAddress}
        countries={COUNTRY_OPTIONS}
        initial={{ id: item.id, label: item.label, isDefaultSender: item.isDefaultSender, ...item.address }}
        submitLabel="Save changes"
      />
    </main>
  );
}
