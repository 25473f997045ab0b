"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { formAction } from "@/lib/forms/action";
import { cancelOwnOrder } from "@/lib/orders/status";

const cancelForm = z.object({ orderId: z.coerce.number().int().positive().max(2_147_483_647) });

export const cancelOrder = formAction("user", cancelForm, async ({ orderId }, caller) => {
  await cancelOwnOrder(caller.user.id, orderId);
  redirect(`/orders/${orderId}?cancelled=1`);
});
