import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { METHODS } from "@/lib/http/route";
import { operations, routeModules } from "./operations";

/** Route files under app/api/v1, as folders relative to it. */
function routeFolders(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name === "route.ts") found.push(path.relative(__dirname, dir).split(path.sep).join("/"));
    }
  };
  walk(__dirname);
  return found.sort();
}

describe("the operation registry", () => {
  it("lists every route file under app/api/v1, and nothing else", () => {
    expect(Object.keys(routeModules).sort()).toEqual(routeFolders());
  });

  it("declares each operation at the path of its route file, once, and answers 405 with Allow to every other method", async () => {
    for (const [folder, module] of Object.entries(routeModules)) {
      const expected = `/api/v1/${folder}`.replace(/\[(\w+)\]/g, "{$1}");
      const declared = METHODS.filter((method) => (module[method] as { operation?: unknown } | undefined)?.operation);
      expect(declared.length, `${folder} declares no operation`).toBeGreaterThan(0);
      for (const method of METHODS) {
        const handler = module[method] as ((() => Response) & { operation?: { method: string; path: string } }) | undefined;
        expect(handler, `${folder} exports no ${method} (end the file with routeMethods, lib/http/route.ts)`).toBeTypeOf("function");
        if (handler?.operation) {
          expect(handler.operation.path).toBe(expected);
          expect(handler.operation.method).toBe(method);
        } else {
          // Not declared: the 405 names exactly the declared methods.
          const response = handler!();
          expect({ folder, method, status: response.status, allow: response.headers.get("allow") }).toEqual({
            folder,
            method,
            status: 405,
            allow: declared.join(", "),
          });
          expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: `This route accepts ${declared.join(", ")}.` } });
        }
      }
    }
    const keys = operations().map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = operations().map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/**
 * Which operations take API keys, and with which scope: the whole list, written out, so that a
 * route that opens itself to keys (or changes its scope) shows up here in review. A route that
 * declares no `apiKeyScope` refuses keys (lib/http/route.ts), so a new route is closed by default;
 * tests/integration/api-keys.test.ts checks the server against the same declarations.
 */
const API_KEY_ROUTES: Record<string, string> = {
  "POST /api/v1/shipping/quote": "quotes",
  "GET /api/v1/orders": "orders:read",
  "POST /api/v1/orders": "orders:write",
  "GET /api/v1/orders/{id}": "orders:read",
  // Updating is part of orders:write (API.md: "place, update, pay, cancel, label").
  "PATCH /api/v1/orders/{id}": "orders:write",
  "POST /api/v1/orders/{id}/cancel": "orders:write",
  // Paying is part of orders:write (API.md: "place, update, pay, cancel, label").
  "POST /api/v1/orders/{id}/payment": "orders:write",
  "POST /api/v1/payments/test/confirm": "orders:write",
  "GET /api/v1/orders/{id}/label": "orders:write",
};

describe("API key scopes", () => {
  it("are declared exactly on the routes listed here", () => {
    const declared = Object.fromEntries(
      operations()
        .filter((operation) => operation.apiKeyScope !== undefined)
        .map((operation) => [`${operation.method} ${operation.path}`, operation.apiKeyScope]),
    );
    expect(declared).toEqual(API_KEY_ROUTES);
  });

  it("never open an account, security, key, webhook, administration or public route to keys", () => {
    for (const operation of operations()) {
      if (operation.apiKeyScope === undefined) continue;
      expect(operation.access, operation.operationId).not.toBe("public");
      expect(operation.access, operation.operationId).not.toBe("admin");
      expect(operation.path, operation.operationId).not.toMatch(/^\/api\/v1\/(profile|auth|admin|internal)(\/|$)/);
    }
  });
});
