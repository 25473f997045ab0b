import { clearSessionCookies } from "@/lib/auth/cookies";
import { parseJson } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { json, noContent, otherMethods, route } from "@/lib/http/route";
import { deleteAccount, getProfile, updateProfile } from "@/lib/users/profile";
import { deleteAccountSchema, updateProfileSchema } from "@/lib/users/schemas";

export const GET = route("user", async ({ caller }) => json(await getProfile(caller.user.id)));

export const PATCH = route("user", async ({ request, caller }) => {
  const input = await parseJson(request, updateProfileSchema);
  return json({ user: await updateProfile(caller.user.id, input, clientIp(request.headers)) });
});

export const DELETE = route("user", async ({ request, caller }) => {
  const input = await parseJson(request, deleteAccountSchema);
  await deleteAccount(caller.user.id, input, clientIp(request.headers));
  return caller.via === "cookie" ? clearSessionCookies(noContent()) : noContent();
});

export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
