import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { normalizeS10 } from "@/lib/tracking/s10";

export const metadata: Metadata = { title: "Track a parcel" };

/**
 * The tracking form, for anyone. A plain GET form (works without JavaScript): a valid number goes
 * to its page; a typo (wrong check digit, wrong shape) is said here, without a lookup.
 */
export default async function TrackPage({ searchParams }: PageProps<"/track">) {
  const { number } = await searchParams;
  const typed = typeof number === "string" ? number.slice(0, 100) : "";
  // People copy numbers off labels with the spaces they are printed with ("KE 1234 5678 5 US").
  const trackingNumber = typed ? normalizeS10(typed.replace(/\s+/g, "")) : null;
  if (trackingNumber) redirect(`/track/${trackingNumber}`);
  const invalid = typed.trim() !== "";
  return (
    <main className="narrow">
      <h1>Track a parcel</h1>
      <p className="lead">Enter the tracking number from the label or the e-mail, such as KE 1234 5678 5 US. No account needed.</p>
      <form method="get" action="/track" className="form" role="search" aria-label="Track a parcel" noValidate>
        <div className="field">
          <label htmlFor="number">Tracking number</label>
          <input
            id="number"
            name="number"
            defaultValue={typed}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={100}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? "number-error" : undefined}
          />
          {invalid ? (
            <p id="number-error" className="field-error" data-testid="number-error">
              This is not a tracking number: check the letters and digits (13 characters, like KE123456785US).
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          Track
        </button>
      </form>
    </main>
  );
}
