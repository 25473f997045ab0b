import type { Metadata } from "next";
import Link from "next/link";
import { COUNTRY_OPTIONS } from "@/app/_components/countries";
import { listAddresses, MAX_ADDRESSES } from "@/lib/addresses/book";
import { formatAddress } from "@/lib/addresses/format";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { AddressActions } from "./address-actions";
import { AddressForm } from "./address-form";
import { saveNewAddress } from "./actions";

export const metadata: Metadata = { title: "Your addresses" };

export default async function AddressesPage({ searchParams }: PageProps<"/profile/addresses">) {
  const caller = await requireCaller("/profile/addresses");
  const [items, params] = await Promise.all([listAddresses(caller.user.id), searchParams]);
  const notice = params.saved === "1" ? "The address was saved." : params.removed === "1" ? "The address was removed. Orders keep their own copy." : null;
  return (
    <main className="narrow">
      <p>
        <Link href="/profile">← Your profile</Link>
      </p>
      <h1>Your addresses</h1>
      <p className="lead">Recipients you send to often, and the addresses you send from. Orders keep their own copy, so changing an address here never changes an order.</p>
      {notice ? (
        <p className="form-message ok" role="status" data-testid="addresses-notice">
          {notice}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p data-testid="addresses-empty">No addresses yet.</p>
      ) : (
        <ul className="address-list" data-testid="address-list">
          {items.map((item) => (
            <li key={item.id} className="address-card" data-testid="address-item">
              <h2 className="address-title">
                {item.label ?? item.address.name}
                {item.isDefaultSender ? (
                  <span className="badge" data-testid="default-sender">
                    Default sender
                  </span>
                ) : null}
              </h2>
              {/* Lines in the country's own format; React escapes them, so any text is shown as text. */}
              <address className="address-lines" dir="auto">
                {formatAddress(item.address).map((line, i) => (
                  <span key={i}>
                    {line}
                    <br />
                  </span>
                ))}
              </address>
              {item.address.phone ? <p className="hint">{item.address.phone}</p> : null}
              <p>
                <Link href={`/profile/addresses/${item.id}`}>Edit</Link>
              </p>
              <AddressActions id={item.id} isDefaultSender={item.isDefaultSender} />
            </li>
          ))}
        </ul>
      )}
      <h2>Add an address</h2>
      {items.length >= MAX_ADDRESSES ? (
        <p>Your address book is full ({MAX_ADDRESSES} addresses). Remove one to add another.</p>
      ) : (
        <AddressForm action={saveNewAddress} countries={COUNTRY_OPTIONS} initial={{ isDefaultSender: items.length === 0 }} submitLabel="Save address" />
      )}
    </main>
  );
}
