import { formatMoney } from "@/app/_components/format";
import { formatAddress } from "@/lib/addresses/format";
import type { Address } from "@/lib/addresses/schemas";
import type { OrderDto } from "@/lib/orders/dto";

function AddressBlock({ title, address, testId, missing }: { title: string; address: Address | null; testId: string; missing: string }) {
  return (
    <section className="address-card" data-testid={testId}>
      <h3 className="address-title">{title}</h3>
      {address ? (
        // In the destination's own format; React escapes the text, and each line is isolated so a
        // right-to-left name cannot reorder the others.
        <address className="address-lines" dir="auto">
          {formatAddress(address).map((line, i) => (
            <span key={i}>
              {line}
              <br />
            </span>
          ))}
        </address>
      ) : (
        <p className="muted">{missing}</p>
      )}
    </section>
  );
}

/**
 * The order's own copies of its addresses and its customs declaration (none for old-style orders).
 * `erased`: the customer deleted their account, which erased them (lib/payments/records.ts).
 */
export function ShipmentAddresses({ order, erased = false }: { order: OrderDto; erased?: boolean }) {
  if (!order.parcel && !order.recipient && !order.sender) return null;
  const missing = erased
    ? "Erased with the customer's account."
    : order.status === "placed"
      ? "Not given yet: needed before the order can be paid."
      : "Not recorded.";
  return (
    <>
      <h2>Shipment</h2>
      <div className="address-list">
        <AddressBlock title="Recipient" address={order.recipient} testId="order-recipient" missing={missing} />
        <AddressBlock title="Sender" address={order.sender} testId="order-sender" missing={missing} />
      </div>
      {order.contents ? (
        <p data-testid="order-contents">
          Contents: {order.contents.description || "(description erased)"} · declared value {formatMoney(order.contents.valueCents, order.contents.currency)}
        </p>
      ) : null}
    </>
  );
}
