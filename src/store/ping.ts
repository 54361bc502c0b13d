/** A liveness probe of the database behind the store. */
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema.js";

/** Resolves when the database answers a trivial query; rejects when it cannot be reached. */
export async function pingStore(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
