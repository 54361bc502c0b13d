/**
 * Runs one suite against every store dialect, as kysely's test suites loop over DIALECTS.
 * Call `forEachStoreDialect` at the top level of a test file; the callback's `freshStore()` opens a new,
 * empty, migrated store (a SQLite file in a temporary directory, or a new PostgreSQL database).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe } from "node:test";
import { openStore, STORE_DIALECTS, type Store, type StoreDialect } from "../../src/store/index.js";
import { startTestPostgres, type TestPostgres } from "./postgres.js";

/** What a dialect's suite gets. */
export interface DialectContext {
  dialect: StoreDialect;
  /** A new empty store, closed after the suite. */
  freshStore(): Promise<Store>;
  /** Opens a store at a database URL or path created by `freshLocation`. */
  freshLocation(): Promise<{ url: string } | { sqlitePath: string }>;
}

/** Declares `suite` once per dialect. */
export function forEachStoreDialect(title: string, suite: (context: DialectContext) => void): void {
  for (const dialect of STORE_DIALECTS) {
    describe(`${title} [${dialect}]`, () => {
      let server: TestPostgres | undefined;
      const opened: Store[] = [];
      const dirs: string[] = [];
      before(async () => {
        if (dialect === "postgres") server = await startTestPostgres();
      });
      after(async () => {
        for (const store of opened.splice(0)) await store.close();
        await server?.stop();
        for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      });
      const freshLocation = async (): Promise<{ url: string } | { sqlitePath: string }> => {
        if (dialect === "sqlite") {
          const dir = mkdtempSync(join(tmpdir(), "certgate-sqlite-"));
          dirs.push(dir);
          return { sqlitePath: join(dir, "certgate.db") };
        }
        if (server === undefined) throw new Error("the PostgreSQL test server did not start");
        return { url: await server.createDatabase() };
      };
      const context: DialectContext = {
        dialect,
        freshLocation,
        async freshStore() {
          const store = await openStore(await freshLocation());
          opened.push(store);
          return store;
        },
      };
      suite(context);
    });
  }
}
