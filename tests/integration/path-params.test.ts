/**
 * Hostile path parameters (issue 10, defect 2) on every dynamic page and every API route with a
 * parameter: none may answer 5xx, and an id that cannot name anything is a 404 (Next's not-found
 * page for pages, `not_found` for the API), exactly as a missing record is.
 *
 * The routes are found by reading app/ (every folder named `[param]` or `[...param]`), so a route
 * added later is fuzzed without anyone remembering to list it. Requests are sent with node:http so
 * the path reaches the server byte for byte (fetch would resolve `%2e%2e` as `..` first). The caller
 * is an administrator (so admin routes get past their role check to the parameter), signed in with
 * a bearer token for the API and the NextAuth cookie for pages.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AdminWorld, startAdminWorld } from "../support/admin";
import { randomIp, webSignIn } from "../support/http";

const engine = inject("engine");
const appDir = path.resolve(__dirname, "../../app");

/**
 * Values that name nothing: words, zero, signs, decimals, exponents, overflow, NUL, dot segments,
 * encoded slashes, invalid UTF-8, malformed escapes (not hex, a lone or trailing `%`), huge.
 */
const HOSTILE = ["abc", "0", "-1", "1.5", "1e3", "99999999999", "%00", "%2e%2e", "..%2f1", "%ff", "%ZZ", "%", "1%4", "%%41", "1%2F2", "%20", "x".repeat(10_000)];
/** Of those, the ones that reach the route as a parameter (the rest may be refused by Next's router first). */
const PLAIN = ["abc", "0", "-1", "1.5", "1e3", "99999999999", "x".repeat(10_000)];

/** Route patterns under app/ that take a path parameter, e.g. "/orders/[id]" (pages) or "/api/v1/orders/[id]". */
function dynamicRoutes(kind: "page" | "route"): string[] {
  const found: string[] = [];
  const walk = (dir: string, url: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        // Route groups "(name)" and private folders "_name" are not part of the URL.
        if (entry.name.startsWith("_")) continue;
        walk(path.join(dir, entry.name), entry.name.startsWith("(") ? url : `${url}/${entry.name}`);
      } else if (entry.name === `${kind}.tsx` || entry.name === `${kind}.ts`) {
        if (url.includes("[")) found.push(url);
      }
    }
  };
  walk(appDir, "");
  return found.sort();
}

interface RawResponse {
  status: number;
  body: string;
  contentType: string | undefined;
}

function rawRequest(baseUrl: string, method: string, rawPath: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path: rawPath, headers: { "x-forwarded-for": randomIp(), ...headers } }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body: text, contentType: response.headers["content-type"] }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const fill = (pattern: string, value: string) => pattern.replace(/\[(?:\.\.\.)?[^\]]+\]/g, value);

let world: AdminWorld;
let cookie: string;

beforeAll(async () => {
  world = await startAdminWorld(engine);
  cookie = await webSignIn(world.baseUrl, world.admin.username, world.admin.password);
});

afterAll(async () => {
  await world?.close();
});

describe("hostile path parameters", () => {
  const pages = dynamicRoutes("page");
  const routes = dynamicRoutes("route");

  it("finds the dynamic pages and API routes to fuzz", () => {
    expect(pages).toContain("/orders/[id]");
    expect(routes).toEqual(expect.arrayContaining(["/api/v1/orders/[id]", "/api/v1/admin/users/[id]", "/api/[...path]"]));
  });

  it("pages: never 5xx; a parameter that names nothing is the not-found page", async () => {
    for (const pattern of pages) {
      for (const value of HOSTILE) {
        for (const who of [{ cookie }, {}] as Record<string, string>[]) {
          const response = await rawRequest(world.baseUrl, "GET", fill(pattern, value), who);
          const label = `GET ${fill(pattern, value).slice(0, 60)} ${who.cookie ? "signed in" : "signed out"}`;
          expect(response.status, `${label}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
          if (who.cookie && PLAIN.includes(value)) expect(response.status, label).toBe(404);
        }
      }
    }
  });

  it("API routes: never 5xx for any method; a parameter that names nothing is 404 not_found", async () => {
    const headers = { authorization: `Bearer ${world.adminTokens.accessToken}`, "content-type": "application/json" };
    for (const pattern of routes) {
      for (const value of HOSTILE) {
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
          const target = fill(pattern, value);
          const response = await rawRequest(world.baseUrl, method, target, headers, ["GET", "DELETE"].includes(method) ? undefined : JSON.stringify({ role: "USER" }));
          const label = `${method} ${target.slice(0, 60)}`;
          expect(response.status, `${label}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
          // The catch-all answers unknown API paths; only parameters that name a record must be 404.
          // A route with two parameters filled with the 10,000-character value has a request line
          // over Node's 16 KiB header limit: Node itself answers 431 before Keel sees it.
          if (target.length > http.maxHeaderSize) {
            expect(response.status, label).toBe(431);
            continue;
          }
          if (PLAIN.includes(value) && response.status !== 405 && !pattern.includes("[...")) {
            expect(response.status, label).toBe(404);
            expect(JSON.parse(response.body).error.code, label).toBe("not_found");
          }
        }
      }
    }
  });

  it("a real id still works", async () => {
    const placed = await world.client.post("/api/v1/orders", { weightKg: 1, destination: "DE" }, { token: world.adminTokens.accessToken });
    expect(placed.status).toBe(201);
    expect((await rawRequest(world.baseUrl, "GET", `/orders/${placed.body.order.id}`, { cookie })).status).toBe(200);
  });
});
