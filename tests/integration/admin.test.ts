/**
 * User administration over HTTP (OpenAPI document, Administration): listing and searching users, changing
 * roles, deleting users, and the rules around it: only administrators get in (403 for users, 401
 * without credentials), the last administrator stays, and a deleted or demoted user loses their
 * access on their very next request.
 *
 * Runs in its own world (tests/support/admin.ts): a server on fresh storage whose first
 * administrator was made by `npm run user:create -- --admin`, so this file knows every account.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { allOrders, expectError, orderCount, placeOrders, type SignedIn, signedIn, sql, stateOf, userDto } from "../support/domain";
import { type ApiResponse, newUser, tokensFor, uniqueName, webSignIn } from "../support/http";

const engine = inject("engine");
let world: AdminWorld;

beforeAll(async () => {
  world = await startAdminWorld(engine);
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const rootToken = () => world.adminTokens.accessToken;
const listUsers = (query: string, token = rootToken()) => world.client.get(`/api/v1/admin/users${query}`, { token });
const setRole = (id: number | string, role: unknown, token = rootToken()) => world.client.patch(`/api/v1/admin/users/${id}`, { role }, { token });
const deleteUser = (id: number | string, token = rootToken()) => world.client.delete(`/api/v1/admin/users/${id}`, undefined, { token });
const cursorOf = (text: string) => Buffer.from(text).toString("base64url");

/** Every user, following nextCursor to the end. */
async function everyone(limit = 100, token = rootToken()) {
  const items = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await listUsers(`?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, token);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

const admins = async (token = rootToken()) => (await everyone(100, token)).filter((user) => user.role === "ADMIN").map((user) => user.id);

/** What must not change when an admin request is refused: the accounts involved, as they and the database see them. */
async function snapshot(...people: SignedIn[]) {
  return {
    people: await Promise.all(people.map((p) => stateOf(world.client, world.databaseUrl, { id: p.user.id, token: p.token }))),
    root: await stateOf(world.client, world.databaseUrl, { id: world.admin.id, token: rootToken() }),
    users: await everyone(),
  };
}

describe("the first administrator", () => {
  it("was made by user:create and is the only administrator", async () => {
    const profile = await world.client.get("/api/v1/profile", { token: rootToken() });
    expect(profile.body).toEqual({ user: userDto(world.admin, "ADMIN"), stats: { orderCount: 0 } });
    expect(await admins()).toEqual([world.admin.id]);
  });
});

describe("access to the admin API", () => {
  it("is 403 for a user (token or cookie) and 401 without valid credentials, on every route, and changes nothing", async () => {
    const user = await signedIn(world.client);
    const other = await signedIn(world.client);
    const cookie = await webSignIn(world.baseUrl, user.user.username, user.user.password);
    await placeOrders(world.client, other.token, 1);
    const before = await snapshot(user, other);

    const requests: [string, string, unknown?][] = [
      ["GET", "/api/v1/admin/users"],
      ["GET", `/api/v1/admin/users?q=${encodeURIComponent(world.admin.username)}`],
      ["GET", "/api/v1/admin/users?limit=abc"],
      ["PATCH", `/api/v1/admin/users/${user.user.id}`, { role: "ADMIN" }],
      ["PATCH", `/api/v1/admin/users/${other.user.id}`, { role: "ADMIN" }],
      ["PATCH", `/api/v1/admin/users/${world.admin.id}`, { role: "USER" }],
      ["PATCH", "/api/v1/admin/users/2147483647", { role: "ADMIN" }],
      ["PATCH", "/api/v1/admin/users/abc", { role: "ADMIN" }],
      ["PATCH", `/api/v1/admin/users/${user.user.id}`, { role: "nonsense" }],
      ["DELETE", `/api/v1/admin/users/${other.user.id}`],
      ["DELETE", `/api/v1/admin/users/${world.admin.id}`],
      ["DELETE", `/api/v1/admin/users/${user.user.id}`],
      ["DELETE", "/api/v1/admin/users/2147483647"],
    ];
    for (const [method, path, body] of requests) {
      expectError(await world.client.call(method, path, body, { token: user.token }), 403, "forbidden");
      expectError(await world.client.call(method, path, body, { cookie, origin: world.baseUrl }), 403, "forbidden");
      expectError(await world.client.call(method, path, body), 401, "unauthenticated");
      expectError(await world.client.call(method, path, body, { token: `${rootToken()}x` }), 401, "unauthenticated");
      expectError(await world.client.call(method, path, body, { cookie: "next-auth.session-token=forged" }), 401, "unauthenticated");
    }
    expect(await snapshot(user, other)).toEqual(before);
  });
});

describe("GET /api/v1/admin/users", () => {
  it("lists users by id ascending in chained pages, as the API's user objects", async () => {
    for (let i = 0; i < 3; i++) await newUser(world.client);
    const pages: number[] = [];
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await listUsers(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.status).toBe(200);
      expect(Object.keys(page.body).sort()).toEqual(["items", "nextCursor"]);
      for (const item of page.body.items) expect(Object.keys(item).sort()).toEqual(["createdAt", "email", "emailVerified", "hasPassword", "id", "role", "twoFactorEnabled", "username"]);
      pages.push(page.body.items.length);
      seen.push(...page.body.items.map((item: { id: number }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[0]).toBe(world.admin.id);
    expect(pages.slice(0, -1).every((size) => size === 2)).toBe(true);
    expect(await everyone()).toHaveLength(seen.length);
    const rows = await sql<{ id: number }>(world.databaseUrl, "SELECT id FROM users ORDER BY id");
    if (rows) expect(seen).toEqual(rows.map((row) => row.id));
    // The default page is 20 users.
    const first = await listUsers("");
    expect(first.body.items).toEqual((await everyone()).slice(0, 20));
  });

  it("searches usernames and emails case-insensitively with q, and pages the results", async () => {
    const tag = `Qx${randomBytes(3).toString("hex")}`;
    const byName = await newUser(world.client, { username: `name_${tag.toUpperCase()}` });
    const byEmail = await newUser(world.client, { username: uniqueName("plain"), email: `mail.${tag}@example.com` });
    const both = await newUser(world.client, { username: `both_${tag}`, email: `both.${tag.toLowerCase()}@example.com` });
    await newUser(world.client);
    const expected = [userDto(byName), userDto(byEmail), userDto(both)];

    for (const q of [tag, tag.toLowerCase(), tag.toUpperCase(), `  ${tag}  `, tag.slice(1)]) {
      const found = await listUsers(`?q=${encodeURIComponent(q)}`);
      expect(found.status).toBe(200);
      expect(found.body).toEqual({ items: expected, nextCursor: null });
    }
    const page1 = await listUsers(`?q=${tag}&limit=2`);
    expect(page1.body.items).toEqual(expected.slice(0, 2));
    const page2 = await listUsers(`?q=${tag}&limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    expect(page2.body).toEqual({ items: expected.slice(2), nextCursor: null });
    expect((await listUsers(`?q=${encodeURIComponent(`mail.${tag}@`)}`)).body.items).toEqual([userDto(byEmail)]);
    expect((await listUsers(`?q=nobody-${tag}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it("takes q literally: LIKE wildcards and the escape character match only themselves", async () => {
    const tag = randomBytes(3).toString("hex");
    const x = await newUser(world.client, { username: `w1x${tag}` });
    const underscore = await newUser(world.client, { username: `w1_${tag}` });
    const search = async (q: string) => (await listUsers(`?q=${encodeURIComponent(q)}&limit=100`)).body;
    expect(await search(`w1_${tag}`)).toEqual({ items: [userDto(underscore)], nextCursor: null });
    expect(await search(`w1x${tag}`)).toEqual({ items: [userDto(x)], nextCursor: null });
    for (const q of [`w1%${tag}`, `w1\\_${tag}`, `w1\\x${tag}`, "%", "%%", "\\", "\\%", `${tag}%`]) {
      expect({ q, result: await search(q) }).toEqual({ q, result: { items: [], nextCursor: null } });
    }
    // "_" is in every generated username, so a literal "_" finds everyone but the x user.
    const all = await everyone();
    expect((await search("_")).items).toEqual(all.filter((user) => user.username.includes("_") || user.email.includes("_")).slice(0, 100));
    expect((await search("_")).items).not.toContainEqual(userDto(x));
  });

  it("refuses an invalid limit, cursor, search or parameter with 400", async () => {
    for (const limit of ["0", "101", "abc", "-1", "1.5", ""]) {
      expectError(await listUsers(`?limit=${limit}`), 400, "validation_failed", ["limit"]);
    }
    for (const cursor of ["abc", cursorOf("u1.0"), cursorOf("u1.-5"), cursorOf("o1.5"), cursorOf("u1.2147483648"), "x".repeat(201)]) {
      expectError(await listUsers(`?cursor=${encodeURIComponent(cursor)}`), 400, "validation_failed", ["cursor"]);
    }
    expectError(await listUsers(`?q=${"a".repeat(101)}`), 400, "validation_failed", ["q"]);
    expectError(await listUsers(`?q=${"a".repeat(10_000)}`), 400, "validation_failed", ["q"]);
    expect((await listUsers(`?q=${"a".repeat(100)}`)).body).toEqual({ items: [], nextCursor: null });
    expectError(await listUsers("?role=ADMIN"), 400, "validation_failed", ["role"]);
  });

  it("never answers a search with a 500, whatever the bytes: control characters are a 400", async () => {
    // Already percent-encoded, so that invalid UTF-8 and lone surrogates reach the server as they are.
    for (const q of ["%00", "a%00b", "%01", "%7F", "%C2%85", "a%0Ab", "a%09b"]) {
      expectError(await listUsers(`?q=${q}`), 400, "validation_failed", ["q"]);
    }
    for (const q of ["%ED%A0%80", "%FF%FE", "%F0%9F%92%A5", "'%20OR%201%3D1%20--", "%5Cx00", "%241", "%2500", "%E2%80%AE"]) {
      expect({ q, response: (await listUsers(`?q=${q}`)).body }).toEqual({ q, response: { items: [], nextCursor: null } });
    }
  });
});

describe("PATCH /api/v1/admin/users/{id}", () => {
  it("promotes and demotes; the change applies to the user's very next request", async () => {
    const member = await signedIn(world.client);
    expectError(await listUsers("", member.token), 403, "forbidden");

    const promoted = await setRole(member.user.id, "ADMIN");
    expect(promoted.status).toBe(200);
    expect(promoted.body).toEqual({ user: userDto(member.user, "ADMIN") });
    // The token issued while they were a USER now opens the admin API.
    expect((await listUsers("", member.token)).status).toBe(200);
    expect((await world.client.get("/api/v1/profile", { token: member.token })).body.user.role).toBe("ADMIN");
    expect(await sql(world.databaseUrl, "SELECT role::text FROM users WHERE id = $1", [member.user.id])).toEqual(
      world.databaseUrl ? [{ role: "ADMIN" }] : null,
    );
    // Promoting an admin again is a no-op success.
    expect((await setRole(member.user.id, "ADMIN")).body).toEqual({ user: userDto(member.user, "ADMIN") });

    const demoted = await setRole(member.user.id, "USER");
    expect(demoted.status).toBe(200);
    expect(demoted.body).toEqual({ user: userDto(member.user) });
    expectError(await listUsers("", member.token), 403, "forbidden");
    expectError(await setRole(member.user.id, "ADMIN", member.token), 403, "forbidden");
    expect((await world.client.get("/api/v1/profile", { token: member.token })).body.user.role).toBe("USER");
    expect(await admins()).toEqual([world.admin.id]);
  });

  it("lets an admin who is not the last one demote another admin, or themselves", async () => {
    const second = await signedIn(world.client);
    expect((await setRole(second.user.id, "ADMIN")).status).toBe(200);

    // The second admin demotes the first: allowed (one admin remains), effective at once.
    expect((await setRole(world.admin.id, "USER", second.token)).body).toEqual({ user: userDto(world.admin) });
    expectError(await listUsers(""), 403, "forbidden");
    expect((await setRole(world.admin.id, "ADMIN", second.token)).status).toBe(200);
    expect((await listUsers("")).status).toBe(200);

    // And an admin may step down themselves while another admin remains.
    expect((await setRole(second.user.id, "USER", second.token)).body).toEqual({ user: userDto(second.user) });
    expectError(await listUsers("", second.token), 403, "forbidden");
    expect(await admins()).toEqual([world.admin.id]);
  });

  it("refuses an unknown user (404), a malformed id (404) and an invalid role (400), changing nothing", async () => {
    const member = await signedIn(world.client);
    const before = await snapshot(member);
    for (const id of ["2147483647", "2147483648", "99999999999", "abc", "0", "-1", "1.5", `0${member.user.id}`]) {
      expectError(await setRole(id, "ADMIN"), 404, "not_found");
      expectError(await deleteUser(id), 404, "not_found");
    }
    const roles: unknown[] = ["admin", "Admin", "SUPERUSER", "ROOT", "", " ADMIN", null, 1, true, ["ADMIN"], { role: "ADMIN" }, "A".repeat(10_000)];
    for (const role of roles) {
      expectError(await setRole(member.user.id, role), 400, "validation_failed", ["role"]);
    }
    const path = `/api/v1/admin/users/${member.user.id}`;
    const token = rootToken();
    expectError(await world.client.patch(path, {}, { token }), 400, "validation_failed", ["role"]);
    expectError(await world.client.patch(path, { role: "ADMIN", username: "renamed" }, { token }), 400, "validation_failed", ["username"]);
    expectError(await world.client.patch(path, { role: "ADMIN", sessionVersion: 5 }, { token }), 400, "validation_failed", ["sessionVersion"]);
    expectError(await world.client.patch(path, undefined, { token, raw: '{"role":"ADMIN"' }), 400, "invalid_json");
    expectError(await world.client.patch(path, undefined, { token, raw: '{"role":"ADMIN"}', contentType: "text/plain" }), 415, "unsupported_media_type");
    expectError(await world.client.patch(path, undefined, { token, raw: '{"role":"ADMIN"}', contentType: null }), 415, "unsupported_media_type");
    expectError(await world.client.patch(path, undefined, { token, raw: `{"role":"ADMIN","x":"${"y".repeat(70_000)}"}` }), 413, "payload_too_large");
    expect(await snapshot(member)).toEqual(before);
  });
});

describe("the last administrator", () => {
  it("can be neither demoted nor deleted, by the admin API or by deleting their own account", async () => {
    expect(await admins()).toEqual([world.admin.id]);
    const member = await signedIn(world.client);
    const before = await snapshot(member);

    expectError(await setRole(world.admin.id, "USER"), 409, "conflict");
    expectError(await deleteUser(world.admin.id), 409, "conflict");
    expectError(await world.client.delete("/api/v1/profile", { password: world.admin.password }, { token: rootToken() }), 409, "conflict");
    expect(await snapshot(member)).toEqual(before);
    expect((await listUsers("")).status).toBe(200);
    await tokensFor(world.client, world.admin);
  });

  it("stays when two admins demote each other at the same time: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const second = await signedIn(world.client);
      expect((await setRole(second.user.id, "ADMIN")).status).toBe(200);
      const [rootDemotesSecond, secondDemotesRoot] = await Promise.all([
        setRole(second.user.id, "USER"),
        setRole(world.admin.id, "USER", second.token),
      ]);
      // The loser is a 409 when both got past the role check before either committed (the
      // last-admin rule under its lock), or a 403 when the winner's demotion was already visible.
      const statuses = [rootDemotesSecond.status, secondDemotesRoot.status];
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect([403, 409]).toContain(statuses.find((status) => status !== 200));
      const rootWon = rootDemotesSecond.status === 200;
      const survivor = rootWon ? world.admin.id : second.user.id;
      expect(await admins(rootWon ? rootToken() : second.token)).toEqual([survivor]);
      expectError(await listUsers("", rootWon ? second.token : rootToken()), 403, "forbidden");
      if (!rootWon) {
        // Put the world back: the second admin reinstates the first and is demoted again.
        expect((await setRole(world.admin.id, "ADMIN", second.token)).status).toBe(200);
        expect((await setRole(second.user.id, "USER")).status).toBe(200);
      }
      expect(await admins()).toEqual([world.admin.id]);
    }
  });

  it("does not stop other admins from deleting their own account or being deleted", async () => {
    const leaving = await signedIn(world.client);
    const removed = await signedIn(world.client);
    for (const admin of [leaving, removed]) expect((await setRole(admin.user.id, "ADMIN")).status).toBe(200);

    expect((await world.client.delete("/api/v1/profile", { password: leaving.user.password }, { token: leaving.token })).status).toBe(204);
    expect((await deleteUser(removed.user.id)).status).toBe(204);
    for (const admin of [leaving, removed]) expectError(await listUsers("", admin.token), 401, "unauthenticated");
    expect(await admins()).toEqual([world.admin.id]);
  });
});

describe("DELETE /api/v1/admin/users/{id}", () => {
  it("deletes the user and their orders; their tokens and cookie stop at once; nobody else is touched", async () => {
    const doomed = await signedIn(world.client);
    const bystander = await signedIn(world.client);
    const cookie = await webSignIn(world.baseUrl, doomed.user.username, doomed.user.password);
    const orders = await placeOrders(world.client, doomed.token, 2);
    const bystanderOrders = await placeOrders(world.client, bystander.token, 2);
    const bystanderBefore = await stateOf(world.client, world.databaseUrl, { id: bystander.user.id, token: bystander.token });

    const deleted = await deleteUser(doomed.user.id);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();

    expectError(await world.client.get("/api/v1/profile", { token: doomed.token }), 401, "unauthenticated");
    expectError(await world.client.get("/api/v1/orders", { cookie }), 401, "unauthenticated");
    expectError(await world.client.post("/api/v1/orders", { weightKg: 1, destination: "DE" }, { token: doomed.token }), 401, "unauthenticated");
    expectError(await world.client.post("/api/v1/auth/refresh", { refreshToken: doomed.tokens.refreshToken }), 401, "unauthenticated");
    expectError(await world.client.post("/api/v1/auth/token", { login: doomed.user.username, password: doomed.user.password }), 401, "unauthenticated");
    expect((await listUsers(`?q=${doomed.user.username}`)).body).toEqual({ items: [], nextCursor: null });
    expectError(await deleteUser(doomed.user.id), 404, "not_found");
    expectError(await setRole(doomed.user.id, "ADMIN"), 404, "not_found");

    const left = await sql(
      world.databaseUrl,
      `SELECT (SELECT count(*)::int FROM users WHERE id = $1) AS users,
              (SELECT count(*)::int FROM orders WHERE user_id = $1 OR id = ANY($2::int[])) AS orders,
              (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1) AS refresh_tokens`,
      [doomed.user.id, orders.map((o) => o.id)],
    );
    if (left) expect(left).toEqual([{ users: 0, orders: 0, refresh_tokens: 0 }]);

    // Someone else's account, orders and sessions are untouched.
    const bystanderAfter = await stateOf(world.client, world.databaseUrl, { id: bystander.user.id, token: bystander.token });
    if (bystanderAfter.rows) {
      // Whole-database counts went down by the deleted user's rows only.
      const [b, a] = [bystanderBefore.rows![0] as Record<string, number>, bystanderAfter.rows[0] as Record<string, number>];
      expect(a).toEqual({ ...b, all_users: b.all_users! - 1, all_orders: b.all_orders! - 2, all_refresh_tokens: b.all_refresh_tokens! - 1 });
    }
    expect(bystanderAfter.profile).toEqual(bystanderBefore.profile);
    expect((await allOrders(world.client, bystander.token)).map((o) => o.id)).toEqual(bystanderOrders.map((o) => o.id).reverse());

    // The name is free again, for a new account that has none of the old orders.
    const again = await signedIn(world.client, { username: doomed.user.username, email: doomed.user.email });
    expect(again.user.id).not.toBe(doomed.user.id);
    expect(await orderCount(world.client, again.token)).toBe(0);
  });

  it("through an admin's web cookie: same origin only", async () => {
    const target = await signedIn(world.client);
    const cookie = await webSignIn(world.baseUrl, world.admin.username, world.admin.password);
    expect((await world.client.get("/api/v1/admin/users", { cookie })).status).toBe(200);

    const before = await snapshot(target);
    for (const origin of [undefined, "https://evil.example"]) {
      expectError(await world.client.patch(`/api/v1/admin/users/${target.user.id}`, { role: "ADMIN" }, { cookie, origin }), 403, "forbidden");
      expectError(await world.client.delete(`/api/v1/admin/users/${target.user.id}`, undefined, { cookie, origin }), 403, "forbidden");
    }
    expect(await snapshot(target)).toEqual(before);
    expect((await world.client.patch(`/api/v1/admin/users/${target.user.id}`, { role: "ADMIN" }, { cookie, origin: world.baseUrl })).status).toBe(200);
    expect((await world.client.delete(`/api/v1/admin/users/${target.user.id}`, undefined, { cookie, origin: world.baseUrl })).status).toBe(204);
    expectError(await world.client.get("/api/v1/profile", { token: target.token }), 401, "unauthenticated");
  });
});
