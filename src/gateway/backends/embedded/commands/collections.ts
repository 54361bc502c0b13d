import { deserialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { validateCollectionName } from "../storage/namespace.js";
import { boolArg, collectionArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { setOwn } from "../../../../shared/own-property.js";

/** Options of `create` that need engine features the embedded backend doesn't have. */
const UNSUPPORTED_CREATE_OPTIONS = ["capped", "viewOn", "pipeline", "timeseries", "clusteredIndex", "encryptedFields", "changeStreamPreAndPostImages"] as const;

/** Generic command fields that are not collection options. */
const GENERIC_FIELDS = new Set(["$db", "lsid", "$clusterTime", "$readPreference", "writeConcern", "apiVersion", "apiStrict", "apiDeprecationErrors", "comment", "maxTimeMS"]);

/** `create`: an empty collection; NamespaceExists when it exists. Options are stored for listCollections. */
export function create(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  for (const option of UNSUPPORTED_CREATE_OPTIONS) {
    if (command[option] !== undefined && command[option] !== false) {
      throw new BackendError("CommandNotSupported", `create option '${option}' is not supported by the embedded backend`);
    }
  }
  const options: Document = {};
  for (const [k, v] of Object.entries(command).slice(1)) if (!GENERIC_FIELDS.has(k)) setOwn(options, k, v);
  env.write(() => env.catalog.create(db, name, options));
  return { ok: 1 };
}

/**
 * `drop`: removes a collection with its documents and indexes, closing its cursors. Dropping
 * a collection that doesn't exist succeeds, as it does from MongoDB 7.0 on.
 */
export function drop(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const ns = `${db}.${name}`;
  const handle = env.catalog.find(db, name);
  if (!handle) return { ok: 1 };
  env.write(() => env.catalog.drop(handle));
  env.cursors.killNamespace(db, ns);
  return { nIndexesWas: handle.indexes.length + 1, ns, ok: 1 };
}

/**
 * `renameCollection` (run on admin): `{renameCollection: "db.a", to: "db.b", dropTarget?}`,
 * within one database. Indexes and documents move with the collection; cursors on the old
 * name are closed.
 */
export function renameCollection(command: Document, env: CommandEnv): Document {
  if (env.context.db !== "admin") {
    throw new BackendError("Unauthorized", "renameCollection may only be run against the admin database.");
  }
  const from = splitNamespace(command["renameCollection"], "renameCollection");
  const to = splitNamespace(command["to"], "to");
  if (from.db !== to.db) {
    throw new BackendError("IllegalOperation", "renameCollection across databases is not supported by the embedded backend");
  }
  if (from.name === to.name) throw new BackendError("IllegalOperation", "Can't rename a collection to itself");
  validateCollectionName(to.db, to.name);
  const dropTarget = boolArg(command, "dropTarget") ?? false;
  env.write(() => {
    const source = env.catalog.find(from.db, from.name);
    if (!source) throw new BackendError("NamespaceNotFound", `Source collection ${from.db}.${from.name} does not exist`);
    const target = env.catalog.find(to.db, to.name);
    if (target && !dropTarget) throw new BackendError("NamespaceExists", "target namespace exists");
    if (target) env.catalog.drop(target);
    env.catalog.rename(source, to.name);
  });
  env.cursors.killNamespace(from.db, `${from.db}.${from.name}`);
  env.cursors.killNamespace(to.db, `${to.db}.${to.name}`);
  return { ok: 1 };
}

function splitNamespace(value: unknown, field: string): { db: string; name: string } {
  const dot = typeof value === "string" ? value.indexOf(".") : -1;
  if (typeof value !== "string" || dot <= 0 || dot === value.length - 1) {
    throw new BackendError("InvalidNamespace", `Invalid target namespace in '${field}': ${String(value)}`);
  }
  return { db: value.slice(0, dot), name: value.slice(dot + 1) };
}

/** The options a collection was created with. */
export function collectionOptions(options: Buffer): Document {
  return deserialize(options, { promoteLongs: false });
}
