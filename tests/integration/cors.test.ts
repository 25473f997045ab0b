/**
 * CORS: off by default; origins in CORS_ORIGINS (the test servers allow https://app.example.com)
 * may call the API from a browser with bearer tokens. Credentials are never allowed cross-origin.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { api, newUser, tokensFor, webSignIn } from "../support/http";
import { type RunningServer, startServer } from "../support/server";
import { type SeededStorage, seededStorage } from "../support/storage";

const baseUrl = inject("baseUrl");
const engine = inject("engine");
const ALLOWED = "https://app.example.com";

function preflight(url: string, origin: string, method = "POST") {
  return fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization, content-type" },
  });
}

describe("CORS", () => {
  it("answers a preflight from an allowed origin with the methods and headers it may use, without credentials", async () => {
    const response = await preflight(`${baseUrl}/api/v1/orders`, ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("gives a preflight from any other origin no CORS permission", async () => {
    for (const origin of ["https://evil.example", "null", "https://app.example.com.evil.example", "http://app.example.com"]) {
      const response = await preflight(`${baseUrl}/api/v1/orders`, origin);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(response.headers.get("access-control-allow-methods")).toBeNull();
    }
  });

  it("lets the allowed origin read responses of bearer calls, and exposes Retry-After", async () => {
    const client = api(baseUrl);
    const user = await newUser(client);
    const { accessToken } = await tokensFor(client, user);
    const response = await client.get("/api/v1/profile", { token: accessToken, origin: ALLOWED });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(response.headers.get("access-control-expose-headers")).toContain("retry-after");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();

    const other = await client.get("/api/v1/profile", { token: accessToken, origin: "https://evil.example" });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("never lets another origin use the session cookie, even an allowed one", async () => {
    const client = api(baseUrl);
    const user = await newUser(client);
    const cookie = await webSignIn(baseUrl, user.username, user.password);
    const response = await client.post("/api/v1/auth/logout", {}, { cookie, origin: ALLOWED });
    expect(response.status).toBe(403);
    expect((await client.get("/api/v1/profile", { cookie })).status).toBe(200);
  });

  describe.runIf(engine === "embedded")("without CORS_ORIGINS", () => {
    let server: RunningServer | undefined;
    let storage: SeededStorage | undefined;
    afterAll(async () => {
      await server?.stop("SIGKILL");
      await storage?.drop();
    });

    it("is off: no origin gets CORS headers", async () => {
      storage = await seededStorage(engine, "cors");
      server = await startServer({ env: { ...storage.env, CORS_ORIGINS: undefined } });
      const response = await preflight(`${server.url}/api/v1/orders`, ALLOWED);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      const plain = await fetch(`${server.url}/api/v1/health`, { headers: { origin: ALLOWED } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});
