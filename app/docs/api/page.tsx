/**
 * The API reference for people, rendered on the server from the same OpenAPI document that
 * /api/v1/openapi.json serves (itself generated from the request and response schemas).
 */
import type { Metadata } from "next";
import { openApiDocument } from "@/app/api/v1/operations";
import styles from "./page.module.css";

export const metadata: Metadata = { title: "API reference" };

type Json = Record<string, unknown>;

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

function refName(schema: unknown): string | null {
  const ref = (schema as Json | undefined)?.$ref;
  return typeof ref === "string" ? ref.split("/").pop()! : null;
}

function SchemaLink({ schema }: { schema: unknown }) {
  const name = refName(schema);
  if (name) return <a href={`#schema-${name}`}>{name}</a>;
  return <code>{JSON.stringify(schema)}</code>;
}

function Operation({ path, method, op }: { path: string; method: string; op: Json }) {
  const id = String(op.operationId);
  const parameters = (op.parameters as Json[] | undefined) ?? [];
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.["application/json"] as Json | undefined;
  const responses = Object.entries((op.responses as Json) ?? {});
  const security = (op.security as Json[] | undefined) ?? [];
  const auth = security.length === 0 ? "None" : security.map((s) => Object.keys(s)[0] ?? "optional").join(", ").replace("optional", "or anonymous");
  return (
    <section className={styles.operation} id={id} aria-labelledby={`${id}-title`}>
      <h3 className={styles.signature} id={`${id}-title`}>
        <span className={styles.method}>{method}</span>
        <span className={styles.path}>{path}</span>
      </h3>
      <p>
        <strong>{String(op.summary ?? "")}</strong>
        {op.description ? ` ${String(op.description)}` : null}
      </p>
      <p>Authentication: {auth}</p>
      {parameters.length > 0 ? (
        <table className={styles.table}>
          <caption className={styles.visuallyHidden}>Parameters of {id}</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">In</th>
              <th scope="col">Schema</th>
            </tr>
          </thead>
          <tbody>
            {parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code>{String(p.name)}</code>
                </td>
                <td>{String(p.in)}</td>
                <td>
                  <code>{JSON.stringify(p.schema)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {body ? (
        <p>
          Request body (<code>application/json</code>): <SchemaLink schema={body.schema} />
        </p>
      ) : null}
      <table className={styles.table}>
        <caption className={styles.visuallyHidden}>Responses of {id}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Meaning</th>
            <th scope="col">Body</th>
          </tr>
        </thead>
        <tbody>
          {responses.map(([status, response]) => {
            const content = ((response as Json).content as Json | undefined)?.["application/json"] as Json | undefined;
            return (
              <tr key={status}>
                <td>{status}</td>
                <td>{String((response as Json).description ?? "")}</td>
                <td>{content ? <SchemaLink schema={content.schema} /> : "none"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export default function ApiReferencePage() {
  const document = openApiDocument() as unknown as Json;
  const info = document.info as Json;
  const paths = Object.entries(document.paths as Json);
  const schemas = Object.entries(((document.components as Json).schemas as Json) ?? {});
  const operations = paths.flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((method) => ({ path, method, op: (item as Json)[method] as Json })),
  );
  const tags = [...new Set(operations.flatMap(({ op }) => (op.tags as string[]) ?? []))];
  return (
    <main>
      <h1>API reference</h1>
      <p className="lead">{String(info.description)}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {String(document.openapi)}, version{" "}
        {String(info.version)}).
      </p>
      <nav aria-label="Operations">
        <ul className={styles.toc}>
          {operations.map(({ path, method, op }) => (
            <li key={String(op.operationId)}>
              <a href={`#${String(op.operationId)}`}>
                {method.toUpperCase()} {path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{tag}</h2>
          {operations
            .filter(({ op }) => ((op.tags as string[]) ?? []).includes(tag))
            .map(({ path, method, op }) => (
              <Operation key={String(op.operationId)} path={path} method={method} op={op} />
            ))}
        </section>
      ))}
      <section aria-labelledby="schemas">
        <h2 id="schemas">Schemas</h2>
        {schemas.map(([name, schema]) => (
          <section key={name} id={`schema-${name}`} aria-labelledby={`schema-${name}-title`}>
            <h3 id={`schema-${name}-title`}>{name}</h3>
            <pre className={styles.code} tabIndex={0}>
              {JSON.stringify(schema, null, 2)}
            </pre>
          </section>
        ))}
      </section>
    </main>
  );
}
