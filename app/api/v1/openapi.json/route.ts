import { z } from "zod";
import type { buildOpenApiDocument } from "@/lib/http/openapi";
import { json, route, routeMethods } from "@/lib/http/route";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

const openapiRoute = route(
  {
    method: "GET",
    path: "/api/v1/openapi.json",
    operationId: "openapi",
    tag: "Operations",
    summary: "This document",
    access: "public",
    responses: { 200: { description: "OpenAPI 3.1 document.", schema: z.looseObject({}) } },
    database: false,
    examples: { response: { openapi: "3.1.0", info: { title: "Keel API", version: "0.1.0" }, paths: {} } },
  },
  async () => {
    // Imported when first asked for: the registry imports this module too (it lists this route).
    const { openApiDocument } = await import("../operations");
    document ??= openApiDocument();
    return json(document, { headers: { "cache-control": "public, max-age=300" } });
  },
);

export const { GET, POST, PUT, PATCH, DELETE } = routeMethods(openapiRoute);
