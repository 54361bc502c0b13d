import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { collectionArg, countArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { databaseFigures } from "./databases.js";

function scaleArg(command: Document): number {
  const scale = countArg(command, "scale") ?? 1;
  if (scale < 1) throw new BackendError("BadValue", "Scale factor must be greater than zero");
  return scale;
}

/**
 * `dbStats`: counts and sizes of a database. Sizes are BSON bytes (storageSize equals
 * dataSize: the embedded engine doesn't attribute SQLite pages to databases).
 */
export function dbStats(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const scale = scaleArg(command);
  const f = databaseFigures(env.store, db);
  const scaled = (n: number): number => Math.floor(n / scale);
  return {
    db,
    collections: f.collections,
    views: 0,
    objects: f.objects,
    avgObjSize: f.objects > 0 ? f.dataSize / f.objects : 0,
    dataSize: scaled(f.dataSize),
    storageSize: scaled(f.dataSize),
    indexes: f.indexes,
    indexSize: scaled(f.indexSize),
    totalSize: scaled(f.dataSize + f.indexSize),
    scaleFactor: scale,
    ok: 1,
  };
}

/**
 * A collection's storage statistics as collStats and `$collStats: {storageStats}` report them;
 * NamespaceNotFound when the collection does not exist.
 */
export function storageStats(env: CommandEnv, db: string, name: string, scale: number): Document {
  const handle = env.catalog.find(db, name);
  if (!handle) throw new BackendError("NamespaceNotFound", `Collection [${db}.${name}] not found.`);
  const f = env.store.figures(handle.row.id);
  const scaled = (n: number): number => Math.floor(n / scale);
  const indexSizes: Document = { _id_: scaled(f.idIndexSize) };
  let totalIndexSize = f.idIndexSize;
  for (const index of handle.indexes) {
    const size = env.store.indexSize(index.id);
    indexSizes[index.name] = scaled(size);
    totalIndexSize += size;
  }
  return {
    ns: handle.ns,
    size: scaled(f.dataSize),
    count: f.count,
    avgObjSize: f.count > 0 ? Math.floor(f.dataSize / f.count) : 0,
    storageSize: scaled(f.dataSize),
    freeStorageSize: 0,
    capped: false,
    nindexes: handle.indexes.length + 1,
    indexBuilds: [],
    totalIndexSize: scaled(totalIndexSize),
    totalSize: scaled(f.dataSize + totalIndexSize),
    indexSizes,
    scaleFactor: scale,
  };
}

/** The scale a `$collStats: {storageStats: {scale}}` asks for. */
export function storageStatsScale(spec: Document): number {
  return scaleArg(spec);
}

/** `collStats`: count and sizes of one collection, and each index's size. */
export function collStats(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  return { ...storageStats(env, db, name, scaleArg(command)), ok: 1 };
}
