/**
 * Resource patterns of mongod privileges and the namespace classification its matching rules use
 * (`resource_pattern.h`, `resource_pattern_search_list.h`, `namespace_string.h`).
 */
export type ResourcePattern =
  | { kind: "anyResource" }
  | { kind: "cluster" }
  | { kind: "anyNormal" }
  | { kind: "database"; db: string }
  | { kind: "collection"; collection: string }
  | { kind: "exactNamespace"; db: string; collection: string }
  | { kind: "anySystemBuckets" }
  | { kind: "systemBucketsInDatabase"; db: string }
  | { kind: "systemBucketsInAnyDatabase"; collection: string }
  | { kind: "exactSystemBuckets"; db: string; collection: string };

/** The `kind` of a {@link ResourcePattern}. */
export type ResourceKind = ResourcePattern["kind"];

/** A resource as mongod writes it in role documents and `connectionStatus`. */
export type ResourceDocument =
  | { db: string; collection: string }
  | { cluster: true }
  | { anyResource: true }
  | { db: string; system_buckets: string };

const SYSTEM_PREFIX = "system.";
const SYSTEM_BUCKETS_PREFIX = "system.buckets.";

/** How mongod classifies a namespace for privilege matching. */
export type NamespaceClass = "normal" | "system" | "systemBuckets" | "special";

/**
 * Classifies `db.collection` as mongod does: `system.*` collections are system (and `system.buckets.<c>`
 * time-series buckets), `local.replset.*` are neither normal nor system ("special"), the rest are normal.
 */
export function classifyNamespace(db: string, collection: string): NamespaceClass {
  if (collection.startsWith(SYSTEM_PREFIX)) {
    return collection.length > SYSTEM_BUCKETS_PREFIX.length && collection.startsWith(SYSTEM_BUCKETS_PREFIX) ? "systemBuckets" : "system";
  }
  if (db === "local" && collection.startsWith("replset.")) return "special";
  return "normal";
}

/** True for `local` and `config`, which `anyNormal` grants never reach. */
export function isInternalDatabase(db: string): boolean {
  return db === "local" || db === "config";
}

/** The collection name inside `system.buckets.<name>`. */
export function bucketsTarget(collection: string): string {
  return collection.slice(SYSTEM_BUCKETS_PREFIX.length);
}

/**
 * Parses a resource document as roles store it. `{db: "", collection: ""}` is anyNormal, an empty `db`
 * means any database, an empty `collection` means every normal collection of the database.
 */
export function parseResource(doc: unknown): ResourcePattern {
  if (doc === null || typeof doc !== "object") throw new TypeError(`resource must be a document, got ${typeof doc}`);
  const r = doc as Record<string, unknown>;
  if (r.anyResource === true) return { kind: "anyResource" };
  if (r.cluster === true) return { kind: "cluster" };
  const db = r.db;
  if (typeof db !== "string") throw new TypeError(`resource ${JSON.stringify(doc)} needs a string "db", cluster: true or anyResource: true`);
  if (typeof r.system_buckets === "string") {
    const c = r.system_buckets;
    if (db === "" && c === "") return { kind: "anySystemBuckets" };
    if (c === "") return { kind: "systemBucketsInDatabase", db };
    if (db === "") return { kind: "systemBucketsInAnyDatabase", collection: c };
    return { kind: "exactSystemBuckets", db, collection: c };
  }
  const collection = r.collection ?? "";
  if (typeof collection !== "string") throw new TypeError(`resource ${JSON.stringify(doc)} has a non-string "collection"`);
  if (db === "" && collection === "") return { kind: "anyNormal" };
  if (collection === "") return { kind: "database", db };
  if (db === "") return { kind: "collection", collection };
  return { kind: "exactNamespace", db, collection };
}

/** Renders a pattern in mongod's document form (the inverse of {@link parseResource}). */
export function resourceDocument(pattern: ResourcePattern): ResourceDocument {
  switch (pattern.kind) {
    case "anyResource":
      return { anyResource: true };
    case "cluster":
      return { cluster: true };
    case "anyNormal":
      return { db: "", collection: "" };
    case "database":
      return { db: pattern.db, collection: "" };
    case "collection":
      return { db: "", collection: pattern.collection };
    case "exactNamespace":
      return { db: pattern.db, collection: pattern.collection };
    case "anySystemBuckets":
      return { db: "", system_buckets: "" };
    case "systemBucketsInDatabase":
      return { db: pattern.db, system_buckets: "" };
    case "systemBucketsInAnyDatabase":
      return { db: "", system_buckets: pattern.collection };
    case "exactSystemBuckets":
      return { db: pattern.db, system_buckets: pattern.collection };
  }
}
