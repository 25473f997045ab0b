import type { Metadata } from "next";
import Link from "next/link";
import { listApiKeys } from "@/lib/api-keys/keys";
import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { ApiKeysPanel } from "./api-keys-panel";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const caller = await requireCaller("/profile/api-keys");
  const { items } = await listApiKeys(caller.user.id);
  return (
    <main className="narrow">
      <p>
        <Link href="/profile">← Your profile</Link>
      </p>
      <h1>API keys</h1>
      <p className="lead">
        Keys let your own servers (a shop, a warehouse system) place and read your orders without your password. A key acts as you,
        only within the scopes you give it. See the <Link href="/docs/api">API reference</Link>.
      </p>
      <ApiKeysPanel keys={items} scopes={API_KEY_SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] }))} />
    </main>
  );
}
