import { json, route } from "@/lib/http/route";
import { getProfile } from "@/lib/users/profile";

export const GET = route("user", async ({ caller }) => json(await getProfile(caller.user.id)));
