import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("health and routing", () => {
  it("reports ok after a real round trip to the database", async () => {
    const response = await fetch(`${baseUrl}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({ status: "ok", database: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it("reports this instance ready: database, every migration of the build, and the job worker that runs here", async () => {
    const response = await fetch(`${baseUrl}/api/v1/health/ready`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      status: "ok",
      database: "ok",
      migrations: "ok",
      jobs: "ok",
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });

  it("answers unknown API routes with a JSON 404 in the API's error shape", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const response = await fetch(`${baseUrl}/api/v1/no/such/route`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    }
  });

  it("answers a method a route does not have with 405 in the API's error shape and an Allow header", async () => {
    const cases: [string, string, string][] = [
      ["PUT", "/api/v1/profile", "GET, PATCH, DELETE"],
      ["DELETE", "/api/v1/orders", "GET, POST"],
      ["GET", "/api/v1/auth/token", "POST"],
      ["POST", "/api/v1/health", "GET"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${baseUrl}${path}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.json()).toEqual({ error: { code: "method_not_allowed", message: `This route accepts ${allow}.` } });
    }
  });

  it("serves the home page, which links to sign-in and registration", async () => {
    const response = await fetch(baseUrl);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<h1>Keel</h1>");
    expect(html).toContain('href="/signin"');
    expect(html).toContain('href="/register"');
  });
});
