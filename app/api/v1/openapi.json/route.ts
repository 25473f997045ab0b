import { buildOpenApiDocument } from "@/lib/http/openapi";
import { apiRoute, json, otherMethods } from "@/lib/http/route";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = apiRoute(() => {
  document ??= buildOpenApiDocument(process.env.KEEL_VERSION ?? "dev");
  return json(document, { headers: { "cache-control": "public, max-age=300" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
