import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/sessions/current-user";
import { listRateVersions } from "@/lib/shipping/rates";
import { COUNTRY_OPTIONS } from "@/app/_components/countries";
import { RatesEditor } from "./rates-editor";
import { LocalTime } from "@/app/_components/local-time";

export const metadata: Metadata = { title: "Shipping rates editor" };

export default async function AdminRatesPage() {
  await requirePageAccess("admin", "/admin/rates");
  const versions = await listRateVersions();
  const current = versions[0]!;
  return (
    <main>
      <h1>Shipping rates editor</h1>
      <p className="lead">
        Version {current.version} is in force (since <LocalTime iso={current.createdAt} />). Publishing makes a new version, in force at once
        for every new quote and order, after you confirm a list of what changes; orders already placed keep their price. Amounts are in
        dollars (12.50), countries are ISO codes (DE, FR).
      </p>
      {/* No key: the editor keeps its answer ("Version N is in force.") and starts a fresh draft itself. */}
      <RatesEditor current={current} countries={COUNTRY_OPTIONS} />
      <h2>Earlier versions</h2>
      <ol className="timeline" data-testid="rate-versions">
        {versions.map((version) => (
          <li key={version.version}>
            Version {version.version} <span className="muted"><LocalTime iso={version.createdAt} /></span>
          </li>
        ))}
      </ol>
    </main>
  );
}
