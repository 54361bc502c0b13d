/** One page of a list read from the store, counted or not (Atlas's `includeCount`). */
import type { Selectable, SelectQueryBuilder } from "kysely";
import type { Database } from "../schema.js";

/** Which rows to read, and whether to count the whole list. */
export interface RowWindow {
  offset: number;
  limit: number;
  /** False: the list is not counted; one row more is read instead, to tell whether a next page exists. */
  includeCount?: boolean;
}

/** A page of rows: with the list's size when counted, else whether rows follow. */
export interface RowPage<R> {
  rows: R[];
  totalCount?: number;
  hasNext?: boolean;
}

/**
 * Reads the page `window` of a list: `read(offset, limit)` returns rows in list order, `count()` the
 * list's size, which is asked only when the window counts (a count reads every row of the list).
 */
export async function readRowPage<R>(window: RowWindow, read: (offset: number, limit: number) => Promise<R[]>, count: () => Promise<number>): Promise<RowPage<R>> {
  if (window.includeCount !== false) {
    const rows = await read(window.offset, window.limit);
    return { rows, totalCount: await count() };
  }
  const rows = await read(window.offset, window.limit + 1);
  return { rows: rows.slice(0, window.limit), hasNext: rows.length > window.limit };
}

/** The tables listed page by page in creation order: each has `created_at` and a unique `id`. */
type CreationOrderedTable = "alert_configs" | "alerts" | "api_keys" | "certificates" | "database_users";

/**
 * Reads page `window` of the rows `query` selects in creation order (`created_at`, then `id` to break
 * ties; `desc`: newest first), counting them when the window counts.
 */
export function readCreationOrderedPage<T extends CreationOrderedTable>(
  window: RowWindow,
  query: SelectQueryBuilder<Database, T, object>,
  direction: "asc" | "desc" = "asc",
): Promise<RowPage<Selectable<Database[T]>>> {
  const rows = query as unknown as SelectQueryBuilder<Database, CreationOrderedTable, object>;
  return readRowPage(
    window,
    async (offset, limit) =>
      (await rows.selectAll().orderBy("created_at", direction).orderBy("id", direction).offset(offset).limit(limit).execute()) as Selectable<Database[T]>[],
    async () => Number((await rows.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  );
}
