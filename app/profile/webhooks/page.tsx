import type { Metadata } from "next";
import Link from "next/link";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { listWebhooks } from "@/lib/webhooks/endpoints";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { WebhooksPanel } from "./webhooks-panel";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const caller = await requireCaller("/profile/webhooks");
  const { items } = await listWebhooks(caller.user.id);
  return (
    <main className="narrow">
      <p>
        <Link href="/profile">← Your profile</Link>
      </p>
      <h1>Webhooks</h1>
      <p className="lead">
        Keel tells your servers when your orders are paid, shipped, delivered or cancelled: a signed POST to an https address of yours
        (Standard Webhooks; how to verify it is in the <Link href="/docs/api">API reference</Link>).
      </p>
      <WebhooksPanel webhooks={items} events={[...WEBHOOK_EVENTS]} />
    </main>
  );
}
