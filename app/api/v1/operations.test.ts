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

  it("declares each operation at the path of its route file, once", () => {
    for (const [folder, module] of Object.entries(routeModules)) {
      const expected = `/api/v1/${folder}`.replace(/\[(\w+)\]/g, "{$1}");
      for (const method of METHODS) {
        const handler = module[method] as { operation?: { method: string; path: string } } | undefined;
        expect(handler, `${folder} answers no ${method} (otherMethods covers the ones it does not implement)`).toBeTypeOf("function");
        if (handler?.operation) {
          expect(handler.operation.path).toBe(expected);
          expect(handler.operation.method).toBe(method);
        }
      }
    }
    const keys = operations().map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = operations().map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
