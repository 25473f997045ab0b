/**
 * A small HTTP client for the integration tests: JSON in and out, bearer tokens or the session
 * cookie, and a client IP per test. Test servers run with TRUST_PROXY=1, so the `ip` option (sent
 * as X-Forwarded-For) is the address the server sees; each test uses fresh addresses so that rate
 * limits of one test never affect another.
 */
import { randomBytes, randomInt } from "node:crypto";

export interface CallOptions {
  token?: string;
  /** A Cookie header value, e.g. from webSignIn(). */
  cookie?: string;
  ip?: string;
  origin?: string;
  headers?: Record<string, string>;
  /** A body sent as-is (for malformed JSON, wrong types, huge payloads). */
  raw?: string | Uint8Array;
  contentType?: string | null;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function randomIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function uniqueName(prefix = "user"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

export function api(baseUrl: string) {
  async function call<T = any>(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? randomIp(), ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    let payload: BodyInit | undefined;
    if (options.raw !== undefined) payload = options.raw as BodyInit;
    else if (body !== undefined) payload = JSON.stringify(body);
    const contentType = options.contentType === undefined ? (payload !== undefined ? "application/json" : null) : options.contentType;
    if (contentType) headers["content-type"] = contentType;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload, redirect: "manual" });
    const text = await response.text();
    let parsed: unknown = text;
    if (text && response.headers.get("content-type")?.includes("json")) parsed = JSON.parse(text);
    else if (!text) parsed = null;
    return { status: response.status, headers: response.headers, body: parsed as T };
  }
  return {
    call,
    get: <T = any>(path: string, options?: CallOptions) => call<T>("GET", path, undefined, options),
    post: <T = any>(path: string, body?: unknown, options?: CallOptions) => call<T>("POST", path, body, options),
    patch: <T = any>(path: string, body?: unknown, options?: CallOptions) => call<T>("PATCH", path, body, options),
    delete: <T = any>(path: string, body?: unknown, options?: CallOptions) => call<T>("DELETE", path, body, options),
  };
}

export type Api = ReturnType<typeof api>;

export interface TestUser {
  id: number;
  username: string;
  email: string;
  password: string;
}

/** Registers a fresh user through the API. */
export async function newUser(client: Api, overrides: Partial<Omit<TestUser, "id">> = {}): Promise<TestUser> {
  const username = overrides.username ?? uniqueName();
  const input = {
    username,
    email: overrides.email ?? `${username.toLowerCase()}@example.com`,
    password: overrides.password ?? `a long and unusual passphrase ${randomBytes(4).toString("hex")}`,
  };
  const response = await client.post("/api/v1/auth/register", input);
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.user.id, ...input };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
  tokenType: string;
  user: { id: number; username: string; email: string; role: string; createdAt: string; emailVerified: boolean; hasPassword: boolean; twoFactorEnabled: boolean };
}

export async function tokensFor(client: Api, user: { username: string; password: string }, ip?: string): Promise<Tokens> {
  const response = await client.post<Tokens>("/api/v1/auth/token", { login: user.username, password: user.password }, { ip });
  if (response.status !== 200) throw new Error(`token failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/**
 * Signs in through NextAuth's own routes, as the browser does (CSRF token, then the credentials
 * callback), and returns the Cookie header value that carries the session.
 */
export async function webSignIn(baseUrl: string, login: string, password: string, ip = randomIp()): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const index = pair!.indexOf("=");
      jar.set(pair!.slice(0, index), pair!.slice(index + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { "x-forwarded-for": ip } });
  remember(csrfResponse);
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(), "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, login, password, json: "true" }),
    redirect: "manual",
  });
  remember(response);
  const session = [...jar].find(([name]) => name.endsWith("next-auth.session-token"));
  if (!session) throw new Error(`web sign-in failed: ${response.status} ${await response.text()}`);
  return `${session[0]}=${session[1]}`;
}
