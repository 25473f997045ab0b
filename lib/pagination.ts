/**
 * Opaque pagination cursors ("<kind>1.<id>" in base64url): clients pass back what they got and never
 * build one. A cursor is the id of the last row of the previous page; lists page by id (orders
 * newest first, users in registration order), and ids only grow, so a page never repeats or skips a
 * row because of inserts made while the client is paging.
 */
import { z } from "zod";
import { ValidationFailed } from "@/lib/errors";

const PAGE_SIZE_MAX = 100;

/** The `limit` and `cursor` query parameters every paginated list takes. */
export const pageQueryShape = {
  limit: z.coerce
    .number({ error: "limit must be a number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(PAGE_SIZE_MAX, `limit must be at most ${PAGE_SIZE_MAX}.`)
    .default(20),
  cursor: z.string().max(200).optional().meta({ description: "nextCursor from the previous page." }),
};

function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}1.${id}`).toString("base64url");
}

function decodeCursor(kind: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = new RegExp(`^${kind}1\\.([1-9][0-9]{0,9})$`).exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const id = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) {
    throw new ValidationFailed("The cursor is not valid.", { cursor: ["Use the nextCursor of the previous page."] });
  }
  return id;
}

/** One page of a list, as every paginated route answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The schema of a `Page<item>`, as the OpenAPI component `id`. */
export function pageSchema<T extends z.ZodType>(id: string, item: T) {
  return z
    .strictObject({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id });
}

export interface PageQuery {
  limit: number;
  cursor?: string;
}

/**
 * Keyset pagination by id over one list: `kind` tags its cursors (a user cursor is refused by the
 * orders list), `order` is the direction the list runs in. The one place that turns a cursor into a
 * query window and the fetched rows into a `Page`.
 */
export function cursorPages(kind: string, order: "asc" | "desc") {
  return {
    /** Spread into findMany: rows past the cursor, in order, one more than the page holds. */
    window(query: PageQuery) {
      const from = decodeCursor(kind, query.cursor);
      const idPastCursor = from === undefined ? {} : { id: order === "asc" ? { gt: from } : { lt: from } };
      return { idPastCursor, orderBy: { id: order }, take: query.limit + 1 };
    },
    /**
     * The same window as plain values, for a hand-written query (the session statement's order page,
     * lib/orders/preload.ts): the cursor's id (none on the first page) and how many rows to fetch.
     */
    bounds(query: PageQuery): { from: number | undefined; take: number } {
      return { from: decodeCursor(kind, query.cursor), take: query.limit + 1 };
    },
    /** The page from the rows `window` fetched: the extra row only says that there is a next page. */
    page<Row extends { id: number }, T>(rows: Row[], query: PageQuery, toItem: (row: Row) => T): Page<T> {
      const items = rows.slice(0, query.limit);
      return { items: items.map(toItem), nextCursor: rows.length > query.limit ? encodeCursor(kind, items[items.length - 1]!.id) : null };
    },
  };
}
