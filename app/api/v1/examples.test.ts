/**
 * Every operation's declared `examples` (its route declaration in app/api/v1/**\/route.ts) give the
 * document an example request (when it takes a body) and response (when its first success has a
 * body), and every example is valid against the operation's own schemas: an example cannot go
 * missing or drift from what the server accepts and answers.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { openApiDocument, operations as declaredOperations } from "./operations";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const document = openApiDocument() as unknown as Json;
const examples = new Map(declaredOperations().map((operation) => [operation.operationId, operation.examples]));
const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation: operation as Json })),
);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addKeyword("example");
const refs = (value: unknown): Json => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"keel#/$defs/'));
ajv.addSchema({ $id: "keel", $defs: refs(document.components.schemas) });

function expectValid(schema: unknown, value: unknown, what: string) {
  const validate = ajv.compile(refs(schema));
  expect(validate(value), `${what}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value)}`).toBe(true);
}

describe("the examples of the API reference", () => {
  it.each(operations)("$key has an example request and response that fit its schemas", ({ key, operation }) => {
    const example = examples.get(operation.operationId)!;
    expect(example, `${key} (${operation.operationId}) declares no examples`).toBeDefined();

    const body = operation.requestBody?.content?.["application/json"];
    if (body) {
      expect(body.example, `${key}: example request body`).toBeDefined();
      expectValid(body.schema, body.example, `${key} request`);
    } else {
      expect(example.request, `${key} takes no body`).toBeUndefined();
    }

    const [status, success] = Object.entries(operation.responses as Json).find(([s]) => /^2\d\d$/.test(s))!;
    const media = success.content?.["application/json"];
    if (media) {
      expect(media.example, `${key}: example ${status} response`).toBeDefined();
      expectValid(media.schema, media.example, `${key} ${status} response`);
    } else {
      expect(example.response, `${key} answers ${status} with no body`).toBeNull();
    }

    // An example for a parameter the operation does not have would silently vanish from the document.
    const parameters = (where: string) => new Set((operation.parameters ?? []).filter((p: Json) => p.in === where).map((p: Json) => p.name));
    expect(Object.keys(example.params ?? {}).filter((name) => !parameters("path").has(name)), `${key}: unknown path parameters`).toEqual([]);
    expect(Object.keys(example.query ?? {}).filter((name) => !parameters("query").has(name)), `${key}: unknown query parameters`).toEqual([]);

    for (const parameter of operation.parameters ?? []) {
      if (parameter.example !== undefined) expectValid(parameter.schema, parameter.example, `${key} parameter ${parameter.name}`);
      if (parameter.required) expect(parameter.example, `${key}: example for required parameter ${parameter.name}`).toBeDefined();
    }
  });

  it("show the constraints the server enforces", () => {
    const schemas = document.components.schemas as Json;
    expect(schemas.RegisterRequest.properties.password).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(schemas.RegisterRequest.properties.email).toMatchObject({ format: "email" });
    expect(schemas.ConfirmPasswordResetRequest.properties.newPassword).toMatchObject({ minLength: 8, maxLength: 128 });
    expect(schemas.QuoteRequest.properties.weightKg).toMatchObject({ exclusiveMinimum: 0, maximum: 1000 });
  });

  it("start with the token flow guide", () => {
    const guide = document.info.description as string;
    for (const step of ["/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/auth/logout", "401", "curl -s"]) expect(guide).toContain(step);
  });
});
