import { buildOpenApiDocument } from "@/lib/http/openapi";
import { apiRoute, json } from "@/lib/http/route";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = apiRoute(() => {
  document ??= buildOpenApiDocument(process.env.KEEL_VERSION ?? "dev");
  return json(document, { headers: { "cache-control": "public, max-age=300" } });
});
