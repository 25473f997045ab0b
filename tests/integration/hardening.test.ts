/**
 * Issue 10's defects that are not about return addresses, path parameters or sign-in limits (those
 * have files of their own: return-to, path-params, device-tokens), each over HTTP against the
 * production server:
 * - 3: concurrent reuse of a refresh token, and reuse racing a sign-out, are never a 500;
 * - 4: deeply nested JSON (with a NUL inside) is a 400, not a stack overflow;
 * - 5: username/email changes are rate limited per user and per client IP (429 with Retry-After);
 * - 6 (orders that cost nothing do not count toward the loyalty discount) needs an administrator to
 *   publish a table without a minimum charge and mark orders paid: order-lifecycle.test.ts;
 * - the web walk: /signout sends someone who is not signed in home.
 */
import { describe, expect, inject, it } from "vitest";
import { expectError, signedIn } from "../support/domain";
import { api, newUser, randomIp, tokensFor, uniqueName } from "../support/http";

const baseUrl = inject("baseUrl");
const client = api(baseUrl);

describe("concurrent revocation (defect 3)", () => {
  it("8 parallel reuses of a spent refresh token, racing a sign-out, are all 401 or 204, never a 500", async () => {
    const user = await newUser(client);
    for (let round = 0; round < 4; round++) {
      const first = await tokensFor(client, user);
      const second = await client.post("/api/v1/auth/refresh", { refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      // Each reuse of the spent token revokes the session; the sign-out revokes it too, at the same time.
      const racers = await Promise.all([
        ...Array.from({ length: 8 }, () => client.post("/api/v1/auth/refresh", { refreshToken: first.refreshToken })),
        client.post("/api/v1/auth/logout", { refreshToken: second.body.refreshToken }, { token: second.body.accessToken }),
      ]);
      const statuses = racers.map((response) => response.status);
      expect(statuses.slice(0, 8), `round ${round + 1}: ${JSON.stringify(racers.map((r) => r.body))}`).toEqual(Array(8).fill(401));
      expect([204, 401], `round ${round + 1}`).toContain(statuses[8]);
      // Whichever won, the session is over.
      expect((await client.get("/api/v1/profile", { token: second.body.accessToken })).status).toBe(401);
    }
  });

  it("8 parallel refreshes of one live refresh token: at most one wins, the rest are 401, never a 500", async () => {
    const user = await newUser(client);
    for (let round = 0; round < 4; round++) {
      const tokens = await tokensFor(client, user);
      const racers = await Promise.all(Array.from({ length: 8 }, () => client.post("/api/v1/auth/refresh", { refreshToken: tokens.refreshToken })));
      const statuses = racers.map((response) => response.status).sort();
      expect(statuses.every((status) => status === 200 || status === 401), JSON.stringify(statuses)).toBe(true);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    }
  });
});

describe("deeply nested JSON (defect 4)", () => {
  const nested = (levels: number) => `${"[".repeat(levels)}"\\u0000"${"]".repeat(levels)}`;

  it("5,000 levels with a NUL inside is 400 invalid_json, on a public and a signed-in route", async () => {
    const { token } = await signedIn(client);
    expectError(await client.post("/api/v1/shipping/quote", undefined, { raw: nested(5_000) }), 400, "invalid_json");
    expectError(await client.patch("/api/v1/profile", undefined, { raw: `{"username":${nested(5_000)}}`, token }), 400, "invalid_json");
    expectError(await client.post("/api/v1/auth/token", undefined, { raw: `{"login":${nested(65)}}` }), 400, "invalid_json");
  });

  it("nesting within the limit is judged by the schema as before", async () => {
    expectError(await client.post("/api/v1/shipping/quote", undefined, { raw: `{"weightKg":${nested(10)},"destination":"DE"}` }), 400, "validation_failed", ["weightKg.0.0.0.0.0.0.0.0.0.0"]);
  });
});

describe("identity changes are rate limited (defect 5: PATCH /api/v1/profile names taken fields)", () => {
  function expectLimited(response: Awaited<ReturnType<typeof client.patch>>) {
    expectError(response, 429, "rate_limited");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
  }

  it("per user: the 11th change in an hour is 429 whether or not the name is taken, from any IP", async () => {
    const { token } = await signedIn(client);
    const other = await newUser(client);
    for (let i = 0; i < 10; i++) {
      // Probing taken names (409) counts just like a successful change (200).
      const body = i % 2 ? { email: other.email } : { username: uniqueName("probe") };
      expect((await client.patch("/api/v1/profile", body, { token })).status, `change ${i + 1}`).toBe(i % 2 ? 409 : 200);
    }
    expectLimited(await client.patch("/api/v1/profile", { email: other.email }, { token }));
    expectLimited(await client.patch("/api/v1/profile", { username: uniqueName("late") }, { token, ip: randomIp() }));
    // Invalid requests are refused before the limit and say so.
    expectError(await client.patch("/api/v1/profile", { username: "x" }, { token }), 400, "validation_failed", ["username"]);
  });

  it("per IP: 30 changes an hour from one address, across accounts; other addresses are unaffected", async () => {
    const ip = randomIp();
    const people = [await signedIn(client), await signedIn(client), await signedIn(client), await signedIn(client)];
    for (const [n, person] of people.slice(0, 3).entries()) {
      for (let i = 0; i < 10; i++) {
        const response = await client.patch("/api/v1/profile", { username: uniqueName("nat") }, { token: person.token, ip });
        expect(response.status, `person ${n + 1}, change ${i + 1}`).toBe(200);
      }
    }
    expectLimited(await client.patch("/api/v1/profile", { username: uniqueName("nat") }, { token: people[3]!.token, ip }));
    expect((await client.patch("/api/v1/profile", { username: uniqueName("nat") }, { token: people[3]!.token })).status).toBe(200);
  });
});

describe("the sign-out page (web walk)", () => {
  it("sends a visitor who is not signed in home instead of offering a Sign out button", async () => {
    const response = await fetch(`${baseUrl}/signout`, { redirect: "manual", headers: { "x-forwarded-for": randomIp() } });
    await response.arrayBuffer();
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/");
  });
});
