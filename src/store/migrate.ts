/**
 * Runs the migrations that have not run yet and records them (Kysely's `kysely_migration` table).
 * The outcome is a value: one status per migration, and the error if one failed.
 */
import { Migrator, type Kysely, type MigrationResultSet } from "kysely";
import { MIGRATIONS } from "./migrations/index.js";

/** Applies every pending migration in name order; never throws for a failing migration, reports it. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) } });
  return migrator.migrateToLatest();
}

/** Names of the migrations recorded as applied, in order. */
export async function listAppliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) } });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
