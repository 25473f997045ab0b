/**
 * A real OpenID Connect provider on loopback for the tests (the `oidc-provider` package, the
 * certified implementation many identity servers are built on), with:
 * - a confidential web client (`keel-web`, Keel's NextAuth provider `oidc`) and a public native
 *   client (`keel-mobile`, PKCE, the way a mobile app signs in with AppAuth);
 * - its own RSA signing key, handed to the tests (IdpInfo.signingJwk) so they can forge tokens that
 *   differ from a real one in exactly one way (issuer, audience, expiry...);
 * - accounts the tests register over HTTP (POST /test/accounts with the claims to return), and a
 *   minimal login page (/interaction/<uid>: one "Account" field, the subject) that both a browser
 *   (Playwright) and a plain HTTP client (signInAtProvider below) can complete. Consent is implied.
 *
 * Started by the integration tests' global setup and by e2e/server.mjs (through tsx).
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";

export interface IdpAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

export interface IdpInfo {
  issuer: string;
  webClientId: string;
  webClientSecret: string;
  mobileClientId: string;
  mobileRedirectUri: string;
  /** The provider's private signing key (RS256), with its kid. */
  signingJwk: JWK;
}

export interface RunningIdp extends IdpInfo {
  close(): Promise<void>;
}

export const WEB_CLIENT_ID = "keel-web";
export const MOBILE_CLIENT_ID = "keel-mobile";
export const MOBILE_REDIRECT_URI = "test.keel.app:/oauth2redirect";

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readBody(request: http.IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

/** Starts the provider; `webRedirectUris` are Keel's callback URLs (`${APP_URL}/api/auth/callback/oidc`). */
export async function startOidcProvider(options: { port?: number; webRedirectUris: string[]; webClientSecret?: string }): Promise<RunningIdp> {
  const { default: Provider } = await import("oidc-provider");
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingJwk: JWK = { ...(await exportJWK(privateKey)), kid: `test-${randomBytes(4).toString("hex")}`, alg: "RS256", use: "sig" };
  const accounts = new Map<string, IdpAccount>();
  const webClientSecret = options.webClientSecret ?? randomBytes(24).toString("base64url");

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: WEB_CLIENT_ID,
        client_secret: webClientSecret,
        redirect_uris: options.webRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
      {
        client_id: MOBILE_CLIENT_ID,
        application_type: "native",
        token_endpoint_auth_method: "none",
        redirect_uris: [MOBILE_REDIRECT_URI],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [signingJwk as never] },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "preferred_username"] },
    // The scope's claims go into the ID token itself, as many providers do, so a mobile app's ID
    // token carries the e-mail Keel needs.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id) ?? { sub: id, email: `${id}@idp.test`, email_verified: true };
      return { accountId: id, claims: async () => ({ ...account, sub: id }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // Consent is implied: every client of this test provider gets the scopes it asks for.
    async loadExistingGrant(ctx: any) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  } as never);
  const callback = provider.callback();

  server.on("request", (request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", issuer);
      if (url.pathname === "/test/accounts" && request.method === "POST") {
        const account = JSON.parse(await readBody(request)) as IdpAccount;
        accounts.set(account.sub, account);
        response.writeHead(204).end();
        return;
      }
      const interaction = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (interaction && request.method === "GET") {
        const details = await provider.interactionDetails(request, response);
        if (details.prompt.name === "consent") {
          // Consent is implied (native clients are always asked; web clients after loadExistingGrant).
          const grant = details.grantId
            ? await provider.Grant.find(details.grantId)
            : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
          grant!.addOIDCScope("openid email profile");
          const grantId = await grant!.save();
          await provider.interactionFinished(request, response, { consent: { grantId } }, { mergeWithLastSubmission: true });
          return;
        }
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
          `<!doctype html><html lang="en"><head><title>Test identity provider</title><link rel="icon" href="data:,"></head><body><main>` +
            `<h1>Test identity provider</h1><form method="post" action="/interaction/${escapeHtml(interaction[1]!)}">` +
            `<label for="login">Account</label> <input id="login" name="login" autocomplete="off">` +
            `<button type="submit">Continue</button></form></main></body></html>`,
        );
        return;
      }
      if (interaction && request.method === "POST") {
        const login = new URLSearchParams(await readBody(request)).get("login")?.trim();
        if (!login) {
          response.writeHead(400).end("Enter an account.");
          return;
        }
        await provider.interactionFinished(request, response, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      callback(request, response);
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500).end(String(error));
    });
  });

  return {
    issuer,
    webClientId: WEB_CLIENT_ID,
    webClientSecret,
    mobileClientId: MOBILE_CLIENT_ID,
    mobileRedirectUri: MOBILE_REDIRECT_URI,
    signingJwk,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The server variables that configure Keel for this provider. */
export function idpServerEnv(idp: IdpInfo): Record<string, string> {
  return {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.webClientId,
    OIDC_CLIENT_SECRET: idp.webClientSecret,
    OIDC_NAME: "Test IdP",
    OIDC_MOBILE_CLIENT_IDS: idp.mobileClientId,
  };
}

/** Registers (or replaces) an account at the provider: the claims it returns for that subject. */
export async function registerIdpAccount(issuer: string, account: IdpAccount): Promise<void> {
  const response = await fetch(`${issuer}/test/accounts`, { method: "POST", body: JSON.stringify(account) });
  if (response.status !== 204) throw new Error(`registering the IdP account failed: ${response.status}`);
}

// ---------------------------------------------------------------------------------------------
// A minimal browser over fetch: cookies per origin, redirects followed one at a time.

export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly headers: Record<string, string> = {}) {}

  jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }

  cookieHeader(origin: string): string {
    return [...this.jar(origin)].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** One request, no redirect followed; cookies are stored (and deleted when expired). */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...this.headers, ...(init.headers as Record<string, string>), cookie: this.cookieHeader(origin) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]!) < Date.now()));
      if (expired || value === "") this.jar(origin).delete(name);
      else this.jar(origin).set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until a response is not a redirect or `stop` says so; returns the last response and URL. */
  async follow(url: string, stop: (url: URL) => boolean = () => false, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const next = new URL(response.headers.get("location")!, current);
      await response.body?.cancel();
      if (stop(next)) return { response, url: next.toString() };
      current = next.toString();
      response = await this.request(current);
    }
    return { response, url: current };
  }

  /**
   * Completes the provider's login page for `sub` from its interaction URL (where an authorization
   * request was redirected), and follows on until `stop` (usually: the client's redirect URI).
   */
  async loginAtProvider(interactionUrl: string, sub: string, stop: (url: URL) => boolean) {
    const page = await this.request(interactionUrl);
    await page.body?.cancel();
    const submitted = await this.request(interactionUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: sub }).toString(),
    });
    await submitted.body?.cancel();
    return this.follow(new URL(submitted.headers.get("location")!, interactionUrl).toString(), stop);
  }
}

/**
 * A real ID token for `sub`, obtained the way a mobile app does: Authorization Code + PKCE with the
 * public native client, the provider's login page, the code exchanged at the token endpoint.
 */
export async function mobileIdToken(idp: IdpInfo, sub: string, options: { nonce?: string } = {}): Promise<string> {
  const { createHash } = await import("node:crypto");
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URL(`${idp.issuer}/auth`);
  authorize.search = new URLSearchParams({
    client_id: idp.mobileClientId,
    response_type: "code",
    redirect_uri: idp.mobileRedirectUri,
    scope: "openid email profile",
    state: randomBytes(8).toString("hex"),
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(options.nonce ? { nonce: options.nonce } : {}),
  }).toString();
  const browser = new CookieBrowser();
  const isApp = (url: URL) => url.protocol === "test.keel.app:";
  const first = await browser.follow(authorize.toString(), (url) => url.pathname.startsWith("/interaction/") || isApp(url));
  const landed = first.url.startsWith(idp.mobileRedirectUri) ? first : await browser.loginAtProvider(first.url, sub, isApp);
  const code = new URL(landed.url).searchParams.get("code");
  if (!code) throw new Error(`no authorization code: ${landed.url}`);
  const token = await fetch(`${idp.issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: idp.mobileRedirectUri,
      client_id: idp.mobileClientId,
      code_verifier: verifier,
    }).toString(),
  });
  const body = (await token.json()) as { id_token?: string };
  if (!body.id_token) throw new Error(`no ID token: ${JSON.stringify(body)}`);
  return body.id_token;
}

/**
 * A browser's sign-in through Keel's NextAuth provider `providerId` at the test provider, as `sub`:
 * NextAuth's CSRF token, POST /api/auth/signin/<id>, the provider's login page, Keel's callback.
 * Returns where Keel finally sent the browser and its session cookie ("name=value"), if any.
 */
export async function webProviderSignIn(browser: CookieBrowser, baseUrl: string, sub: string, options: { callbackUrl?: string; providerId?: string } = {}) {
  const keel = new URL(baseUrl).origin;
  const csrf = await browser.request(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const started = await browser.request(`${baseUrl}/api/auth/signin/${options.providerId ?? "oidc"}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: options.callbackUrl ?? `${baseUrl}/profile`, json: "true" }).toString(),
  });
  const { url } = (await started.json()) as { url: string };
  const backAtKeel = (next: URL) => next.origin === keel && !next.pathname.startsWith("/api/auth/");
  const first = await browser.follow(url, (next) => next.pathname.startsWith("/interaction/") || backAtKeel(next));
  const landed = backAtKeel(new URL(first.url)) ? first : await browser.loginAtProvider(first.url, sub, backAtKeel);
  const jar = browser.jar(keel);
  const name = [...jar.keys()].find((key) => key.endsWith("next-auth.session-token"));
  return { location: new URL(landed.url), cookie: name ? `${name}=${jar.get(name)}` : undefined };
}
