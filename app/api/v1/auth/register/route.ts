import { consumeRegistration } from "@/lib/auth/rate-limits";
import { registerInputSchema } from "@/lib/auth/schemas";
import { parseJson } from "@/lib/http/body";
import { clientIp } from "@/lib/http/client-ip";
import { json, otherMethods, route } from "@/lib/http/route";
import { toUserDto } from "@/lib/users/dto";
import { registerUser } from "@/lib/users/register";

export const POST = route("public", async ({ request }) => {
  const input = await parseJson(request, registerInputSchema);
  await consumeRegistration(clientIp(request.headers));
  const user = await registerUser(input);
  return json({ user: toUserDto(user) }, { status: 201 });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
