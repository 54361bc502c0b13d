/**
 * The queries every repository writes the same way: insert a row, and find (or test for) the row whose
 * columns equal given values. A null value matches `IS NULL`.
 */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";

type Table = keyof Database & string;

/** Column values a row must have: each compared with `=`, or `IS NULL` for null. */
export type RowMatch<T extends Table> = Partial<Selectable<Database[T]>>;

// Kysely types a query by its table; these helpers take the table as a parameter, so the query they
// build is typed loosely inside and exactly at the boundary.
type AnyQuery = {
  where(column: string, operator: string, value: unknown): AnyQuery;
  selectAll(): AnyQuery;
  select(column: string): AnyQuery;
  limit(count: number): AnyQuery;
  executeTakeFirst(): Promise<unknown>;
};

function selectMatching<T extends Table>(db: Kysely<Database>, table: T, match: RowMatch<T>): AnyQuery {
  let query = db.selectFrom(table) as unknown as AnyQuery;
  for (const [column, value] of Object.entries(match)) query = value === null ? query.where(column, "is", null) : query.where(column, "=", value);
  return query;
}

/** Inserts `row` into `table`. */
export async function insertRow<T extends Table>(db: Kysely<Database>, table: T, row: Insertable<Database[T]>): Promise<void> {
  await db.insertInto(table).values(row as never).execute();
}

/** The row of `table` that matches, if any (the first, when the match is not a key). */
export async function findRow<T extends Table>(db: Kysely<Database>, table: T, match: RowMatch<T>): Promise<Selectable<Database[T]> | undefined> {
  return (await selectMatching(db, table, match).selectAll().executeTakeFirst()) as Selectable<Database[T]> | undefined;
}

/** True when a row of `table` (one with an `id`) matches. */
export async function hasRow<T extends Table>(db: Kysely<Database>, table: T, match: RowMatch<T>): Promise<boolean> {
  return (await selectMatching(db, table, match).select("id").limit(1).executeTakeFirst()) !== undefined;
}
