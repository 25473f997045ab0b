import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireCaller } from "@/lib/auth/sessions/current-user";
import { NotFound } from "@/lib/errors";
import { pageIdParam } from "@/lib/http/params";
import { getWebhook, listDeliveries } from "@/lib/webhooks/endpoints";
import { DeliveryLog } from "./delivery-log";

export const metadata: Metadata = { title: "Webhook deliveries" };

export default async function WebhookDeliveriesPage({ params }: PageProps<"/profile/webhooks/[id]">) {
  const id = pageIdParam((await params).id);
  const caller = await requireCaller(`/profile/webhooks/${id}`);
  const [webhook, deliveries] = await Promise.all([getWebhook(caller.user.id, id), listDeliveries(caller.user.id, id, { limit: 50 })]).catch(
    (error) => {
      if (error instanceof NotFound) notFound();
      throw error;
    },
  );
  return (
    <main className="narrow">
      <p>
        <Link href="/profile/webhooks">← Webhooks</Link>
      </p>
      <h1>Deliveries</h1>
      <p className="break-anywhere">
        {webhook.url} · {webhook.enabled ? "on" : "off"}
      </p>
      <DeliveryLog webhookId={webhook.id} enabled={webhook.enabled} deliveries={deliveries.items} />
    </main>
  );
}
