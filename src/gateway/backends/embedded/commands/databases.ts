import type { Document } from "bson";
import { Query } from "mingo";
import { BackendError } from "../../backend-error.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import { queryOptions } from "../eval/query-options.js";
import type { SqliteStore } from "../storage/sqlite-store.js";
import { boolArg, documentArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";

/** Sizes of one database, summed over its collections. */
export interface DatabaseFigures {
  readonly collections: number;
  readonly objects: number;
  readonly dataSize: number;
  readonly indexes: number;
  readonly indexSize: number;
}

/**
 * Figures of a database. All clusters' data shares one SQLite file, so "size on disk" is
 * the bytes of the database's BSON bodies plus its index entries, not file pages.
 */
export function databaseFigures(store: SqliteStore, db: string): DatabaseFigures {
  let objects = 0;
  let dataSize = 0;
  let indexes = 0;
  let indexSize = 0;
  const rows = store.listCollections(db);
  for (const row of rows) {
    const f = store.figures(row.id);
    objects += f.count;
    dataSize += f.dataSize;
    const secondary = store.listIndexes(row.id);
    indexSize += f.idIndexSize;
    indexes += 1 + secondary.length;
    for (const index of secondary) indexSize += store.indexSize(index.id);
  }
  return { collections: rows.length, objects, dataSize, indexes, indexSize };
}

/** `listDatabases` (admin only): `{databases: [{name, sizeOnDisk, empty}], totalSize, totalSizeMb, ok}`. */
export function listDatabases(command: Document, env: CommandEnv): Document {
  if (env.context.db !== "admin") {
    throw new BackendError("Unauthorized", "listDatabases may only be run against the admin database.");
  }
  const nameOnly = boolArg(command, "nameOnly") ?? false;
  const filter = documentArg(command, "filter");
  const query = filter ? new Query(toEvalDocument(filter), queryOptions()) : undefined;
  const all = env.store.listDatabaseNames().map((name) => {
    const f = databaseFigures(env.store, name);
    const sizeOnDisk = f.dataSize + f.indexSize;
    return { name, sizeOnDisk, empty: f.objects === 0 };
  });
  const selected = query ? all.filter((d) => query.test(d)) : all;
  if (nameOnly) return { databases: selected.map((d) => ({ name: d.name })), ok: 1 };
  const totalSize = selected.reduce((sum, d) => sum + d.sizeOnDisk, 0);
  return { databases: selected, totalSize, totalSizeMb: Math.floor(totalSize / (1024 * 1024)), ok: 1 };
}

/** `dropDatabase`: drops every collection of the database and closes its cursors. */
export function dropDatabase(_command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const names = env.store.listCollections(db).map((r) => r.name);
  if (names.length === 0) return { ok: 1 };
  env.write(() => {
    for (const name of names) {
      const handle = env.catalog.find(db, name);
      if (handle) env.catalog.drop(handle);
    }
  });
  env.cursors.killNamespace(db);
  return { dropped: db, ok: 1 };
}
