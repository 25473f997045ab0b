import { json, otherMethods, route } from "@/lib/http/route";
import { getRatesInForce } from "@/lib/shipping/rates";

export const GET = route("public", async () => json({ rates: await getRatesInForce() }));

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
