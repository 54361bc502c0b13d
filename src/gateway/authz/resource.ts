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
 * The two families of namespace patterns. A family's document names a database and a collection (its
 * `collection` or `system_buckets` field), an empty string standing for any; its four patterns are the
 * four ways of leaving them empty.
 */
export type NamespaceFamily = "collection" | "system_buckets";

/** Which of a database and a collection a namespace pattern names: neither, one, the other, or both. */
export type Extent = "anywhere" | "inDatabase" | "inAnyDatabase" | "exact";

/** Each family's pattern of each extent. */
const FAMILY_KINDS = {
  collection: { anywhere: "anyNormal", inDatabase: "database", inAnyDatabase: "collection", exact: "exactNamespace" },
  system_buckets: {
    anywhere: "anySystemBuckets",
    inDatabase: "systemBucketsInDatabase",
    inAnyDatabase: "systemBucketsInAnyDatabase",
    exact: "exactSystemBuckets",
  },
} as const satisfies Record<NamespaceFamily, Record<Extent, ResourceKind>>;

/** A pattern on namespaces (every kind but anyResource and cluster). */
export type NamespacePattern = Exclude<ResourcePattern, { kind: "anyResource" } | { kind: "cluster" }>;
type NamespaceKind = NamespacePattern["kind"];

/** Compiles only while every namespace pattern has its place in {@link FAMILY_KINDS}. */
const EVERY_NAMESPACE_KIND_HAS_A_PLACE: Exclude<NamespaceKind, (typeof FAMILY_KINDS)[NamespaceFamily][Extent]> extends never ? true : never = true;
void EVERY_NAMESPACE_KIND_HAS_A_PLACE;

const SYSTEM_BUCKETS_KINDS: ReadonlySet<ResourceKind> = new Set(Object.values(FAMILY_KINDS.system_buckets));

/** A namespace pattern as its document writes it: the family, the extent, and the db and collection ("" for any). */
export interface NamespaceScope {
  readonly family: NamespaceFamily;
  readonly extent: Extent;
  readonly db: string;
  readonly collection: string;
}

/** The family, extent, db and collection of a namespace pattern; its extent is which of the two it names. */
export function namespaceScope(pattern: NamespacePattern): NamespaceScope {
  const family = SYSTEM_BUCKETS_KINDS.has(pattern.kind) ? "system_buckets" : "collection";
  const db = "db" in pattern ? pattern.db : undefined;
  const collection = "collection" in pattern ? pattern.collection : undefined;
  const extent = db === undefined ? (collection === undefined ? "anywhere" : "inAnyDatabase") : collection === undefined ? "inDatabase" : "exact";
  return { family, extent, db: db ?? "", collection: collection ?? "" };
}

/** The pattern a family's document with this db and collection ("" for any) stands for. */
function namespacePattern(family: NamespaceFamily, db: string, collection: string): NamespacePattern {
  const kinds = FAMILY_KINDS[family];
  if (db === "" && collection === "") return { kind: kinds.anywhere };
  if (collection === "") return { kind: kinds.inDatabase, db };
  if (db === "") return { kind: kinds.inAnyDatabase, collection };
  return { kind: kinds.exact, db, collection };
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
  const family: NamespaceFamily = typeof r.system_buckets === "string" ? "system_buckets" : "collection";
  const collection = r[family] ?? "";
  if (typeof collection !== "string") throw new TypeError(`resource ${JSON.stringify(doc)} has a non-string "collection"`);
  return namespacePattern(family, db, collection);
}

/** Renders a pattern in mongod's document form (the inverse of {@link parseResource}). */
export function resourceDocument(pattern: ResourcePattern): ResourceDocument {
  if (pattern.kind === "anyResource") return { anyResource: true };
  if (pattern.kind === "cluster") return { cluster: true };
  const { family, db, collection } = namespaceScope(pattern);
  return family === "system_buckets" ? { db, system_buckets: collection } : { db, collection };
}
