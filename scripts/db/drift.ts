/**
 * Drift detection between prisma/schema.prisma and a migrated database.
 *
 * Migrations are hand-written (Prisma's schema engine is not available everywhere Keel is built), so
 * this check stands in for `prisma migrate diff`: it derives the tables, columns, types,
 * nullability, defaults, primary keys, unique and plain indexes, foreign keys and enums that Prisma
 * would create for the schema (Prisma's default names and type mapping for PostgreSQL) and compares
 * them with what the database's catalogs say. CHECK constraints are ignored, as Prisma ignores them.
 *
 * The schema is read with @prisma/prisma-schema-wasm (Prisma's own parser, the same version as the
 * CLI's) so the check never disagrees with Prisma about what the schema means.
 */
import fs from "node:fs";
import path from "node:path";
import type { SqlSession } from "@/lib/db/migrate";

// ---- the parts of Prisma's DMMF this check reads ---------------------------------------------

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: unknown;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
}

interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}

interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
}

interface DmmfEnum {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
}

interface Datamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  indexes: DmmfIndex[];
}

async function loadDatamodel(schemaPath = path.join(process.cwd(), "prisma", "schema.prisma")): Promise<Datamodel> {
  const wasm = (await import("@prisma/prisma-schema-wasm")) as unknown as { get_dmmf(params: string): string };
  const schema = fs.readFileSync(schemaPath, "utf8");
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [[path.basename(schemaPath), schema]] })));
  return dmmf.datamodel as Datamodel;
}

// ---- what Prisma would create -----------------------------------------------------------------

export interface Column {
  type: string;
  nullable: boolean;
  default: string | null;
}

export interface Index {
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface ForeignKey {
  columns: string[];
  references: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface SchemaShape {
  tables: Record<string, Record<string, Column>>;
  indexes: Record<string, Index & { table: string }>;
  foreignKeys: Record<string, ForeignKey & { table: string }>;
  enums: Record<string, string[]>;
}

const quoteIdent = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`);

function columnType(field: DmmfField, enumNames: Map<string, string>): string {
  const [native, args = []] = field.nativeType ?? [undefined, []];
  let type: string | undefined;
  if (field.kind === "enum") {
    type = quoteIdent(enumNames.get(field.type) ?? field.type);
  } else {
    const withArgs = (base: string) => (args.length > 0 ? `${base}(${args.join(",")})` : base);
    switch (`${field.type}:${native ?? ""}`) {
      case "String:":
      case "String:Text":
        type = "text";
        break;
      case "String:VarChar":
        type = withArgs("character varying");
        break;
      case "String:Char":
        type = withArgs("character");
        break;
      case "String:Citext":
        type = "citext";
        break;
      case "String:Uuid":
        type = "uuid";
        break;
      case "String:Inet":
        type = "inet";
        break;
      case "Int:":
      case "Int:Integer":
        type = "integer";
        break;
      case "Int:SmallInt":
        type = "smallint";
        break;
      case "BigInt:":
      case "BigInt:BigInt":
        type = "bigint";
        break;
      case "Boolean:":
        type = "boolean";
        break;
      case "Float:":
      case "Float:DoublePrecision":
        type = "double precision";
        break;
      case "Decimal:":
        type = "numeric(65,30)";
        break;
      case "Decimal:Decimal":
        type = withArgs("numeric");
        break;
      case "DateTime:":
        type = "timestamp(3) without time zone";
        break;
      case "DateTime:Timestamp":
        type = `timestamp(${args[0] ?? 6}) without time zone`;
        break;
      case "DateTime:Timestamptz":
        type = `timestamp(${args[0] ?? 6}) with time zone`;
        break;
      case "DateTime:Date":
        type = "date";
        break;
      case "Json:":
      case "Json:JsonB":
        type = "jsonb";
        break;
      case "Bytes:":
        type = "bytea";
        break;
    }
  }
  if (!type) {
    throw new Error(`The drift check does not know how Prisma maps ${field.type} @db.${native}; extend scripts/db/drift.ts.`);
  }
  return field.isList ? `${type}[]` : type;
}

function columnDefault(field: DmmfField, table: string, column: string, type: string): string | null {
  if (!field.hasDefaultValue || field.isUpdatedAt) return null;
  const value = field.default;
  if (value && typeof value === "object" && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    switch (fn.name) {
      case "autoincrement":
        return `nextval('${quoteIdent(`${table}_${column}_seq`)}'::regclass)`;
      case "now":
        return "CURRENT_TIMESTAMP";
      case "dbgenerated":
        return String(fn.args[0] ?? "");
      default:
        return null; // uuid(), cuid(), nanoid(): generated by Prisma Client, not the database
    }
  }
  if (typeof value === "number") return value < 0 ? `'${value}'::${type}` : String(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    const literal = `'${value.replaceAll("'", "''")}'`;
    return field.kind === "enum" ? `${literal}::${type}` : `${literal}::${type.replace(/\(.*\)$/, "")}`;
  }
  return JSON.stringify(value);
}

const referentialAction = (action: string | undefined, fallback: string) => {
  const names: Record<string, string> = {
    Cascade: "CASCADE",
    Restrict: "RESTRICT",
    NoAction: "NO ACTION",
    SetNull: "SET NULL",
    SetDefault: "SET DEFAULT",
  };
  return names[action ?? ""] ?? fallback;
};

function expectedShape(datamodel: Datamodel): SchemaShape {
  const shape: SchemaShape = { tables: {}, indexes: {}, foreignKeys: {}, enums: {} };
  const enumNames = new Map(datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  for (const e of datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  const tableOf = new Map(datamodel.models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: DmmfModel, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    return field?.dbName ?? fieldName;
  };

  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns: Record<string, Column> = {};
    for (const field of model.fields) {
      if (field.kind !== "scalar" && field.kind !== "enum") continue;
      const column = field.dbName ?? field.name;
      const type = columnType(field, enumNames);
      // Prisma Migrate creates scalar lists (`String[]`) without NOT NULL, though a list field is never optional.
      columns[column] = { type, nullable: field.isList || !field.isRequired, default: columnDefault(field, table, column, type) };
    }
    shape.tables[table] = columns;

    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const fromColumns = field.relationFromFields.map((f) => columnOf(model, f));
      const target = datamodel.models.find((m) => m.name === field.type)!;
      const required = field.relationFromFields.every((f) => model.fields.find((x) => x.name === f)?.isRequired);
      shape.foreignKeys[`${table}_${fromColumns.join("_")}_fkey`] = {
        table,
        columns: fromColumns,
        references: tableOf.get(field.type)!,
        referencedColumns: (field.relationToFields ?? []).map((f) => columnOf(target, f)),
        onDelete: referentialAction(field.relationOnDelete, required ? "RESTRICT" : "SET NULL"),
        onUpdate: referentialAction(field.relationOnUpdate, "CASCADE"),
      };
    }
  }

  for (const index of datamodel.indexes) {
    const model = datamodel.models.find((m) => m.name === index.model)!;
    const table = tableOf.get(index.model)!;
    const columns = index.fields.map((f) => columnOf(model, f.name));
    const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
    const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${columns.join("_")}_${suffix}`);
    shape.indexes[name] = { table, columns, unique: index.type !== "normal", primary: index.type === "id" };
  }
  return shape;
}

// ---- what the database has --------------------------------------------------------------------

const actionCodes: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function actualShape(session: SqlSession): Promise<SchemaShape> {
  const shape: SchemaShape = { tables: {}, indexes: {}, foreignKeys: {}, enums: {} };
  const columns = await session.query<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`,
  );
  for (const row of columns) {
    (shape.tables[row.table] ??= {})[row.column] = { type: row.type, nullable: !row.not_null, default: row.default };
  }

  const indexes = await session.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] | string }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`,
  );
  for (const row of indexes) {
    shape.indexes[row.name] = { table: row.table, columns: toArray(row.columns), unique: row.unique, primary: row.primary };
  }

  const foreignKeys = await session.query<{
    name: string;
    table: string;
    columns: string[] | string;
    references: string;
    referenced_columns: string[] | string;
    on_delete: string;
    on_update: string;
  }>(
    `SELECT con.conname AS name, t.relname AS table, r.relname AS references,
            array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o)
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
            array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o)
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS referenced_columns,
            con.confdeltype AS on_delete, con.confupdtype AS on_update
       FROM pg_constraint con
       JOIN pg_class t ON t.oid = con.conrelid
       JOIN pg_class r ON r.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema()`,
  );
  for (const row of foreignKeys) {
    shape.foreignKeys[row.name] = {
      table: row.table,
      columns: toArray(row.columns),
      references: row.references,
      referencedColumns: toArray(row.referenced_columns),
      onDelete: actionCodes[row.on_delete] ?? row.on_delete,
      onUpdate: actionCodes[row.on_update] ?? row.on_update,
    };
  }

  const enums = await session.query<{ name: string; labels: string[] | string }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  for (const row of enums) shape.enums[row.name] = toArray(row.labels);
  return shape;
}

/** node-postgres parses text[] into arrays; some drivers return the '{a,b}' literal. */
function toArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((v) => v.replace(/^"|"$/g, ""));
}

// ---- the comparison ---------------------------------------------------------------------------

/** Every difference as a sentence; an empty list means no drift. */
function compareShapes(expected: SchemaShape, actual: SchemaShape): string[] {
  const problems: string[] = [];
  const show = (value: unknown) => JSON.stringify(value);

  for (const [table, columns] of Object.entries(expected.tables)) {
    const actualColumns = actual.tables[table];
    if (!actualColumns) {
      problems.push(`table ${table} is missing`);
      continue;
    }
    for (const [column, want] of Object.entries(columns)) {
      const have = actualColumns[column];
      if (!have) {
        problems.push(`column ${table}.${column} is missing`);
        continue;
      }
      if (have.type !== want.type) problems.push(`column ${table}.${column} has type ${have.type}, schema says ${want.type}`);
      if (have.nullable !== want.nullable) {
        problems.push(`column ${table}.${column} is ${have.nullable ? "nullable" : "NOT NULL"}, schema says ${want.nullable ? "nullable" : "NOT NULL"}`);
      }
      if (have.default !== want.default) {
        problems.push(`column ${table}.${column} has default ${show(have.default)}, schema says ${show(want.default)}`);
      }
    }
    for (const column of Object.keys(actualColumns)) {
      if (!(column in columns)) problems.push(`column ${table}.${column} is not in schema.prisma`);
    }
  }
  for (const table of Object.keys(actual.tables)) {
    if (!(table in expected.tables)) problems.push(`table ${table} is not in schema.prisma`);
  }

  const compareNamed = <T>(kind: string, want: Record<string, T>, have: Record<string, T>) => {
    for (const [name, spec] of Object.entries(want)) {
      if (!(name in have)) problems.push(`${kind} ${name} is missing`);
      else if (show(have[name]) !== show(spec)) problems.push(`${kind} ${name} is ${show(have[name])}, schema says ${show(spec)}`);
    }
    for (const name of Object.keys(have)) {
      if (!(name in want)) problems.push(`${kind} ${name} is not in schema.prisma`);
    }
  };
  compareNamed("index", expected.indexes, actual.indexes);
  compareNamed("foreign key", expected.foreignKeys, actual.foreignKeys);
  compareNamed("enum", expected.enums, actual.enums);
  return problems;
}

export async function detectDrift(session: SqlSession, schemaPath?: string): Promise<string[]> {
  return compareShapes(expectedShape(await loadDatamodel(schemaPath)), await actualShape(session));
}
