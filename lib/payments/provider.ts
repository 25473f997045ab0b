import "server-only";
import { getConfig } from "@/lib/env";

/** Which provider takes payments on this server (for pages that show one form or the other). */
export function paymentProvider(): "stripe" | "test" {
  return getConfig().payments.provider;
}
