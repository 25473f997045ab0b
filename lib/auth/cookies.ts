/** Setting and clearing the web session cookie from API responses (outside NextAuth's own routes). */
import "server-only";
import { SESSION_COOKIE_NAMES } from "./guard";
import { webSessionCookie } from "./web-session";

export function clearSessionCookies(response: Response): Response {
  for (const name of SESSION_COOKIE_NAMES) {
    const secure = name.startsWith("__Secure-") ? "; Secure" : "";
    response.headers.append("set-cookie", `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`);
  }
  return response;
}

/** Puts a new session for `user` (after a password change) into the response's cookies. */
export async function setSessionCookie(response: Response, user: { id: number; sessionVersion: number }, secure: boolean): Promise<Response> {
  const cookie = await webSessionCookie(user, secure);
  const attributes = [
    `${cookie.name}=${cookie.value}`,
    "Path=/",
    `Expires=${cookie.options.expires.toUTCString()}`,
    "HttpOnly",
    "SameSite=Lax",
    ...(secure ? ["Secure"] : []),
  ];
  response.headers.append("set-cookie", attributes.join("; "));
  return response;
}
