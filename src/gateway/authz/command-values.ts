/** A decoded command body: field names to BSON values (with or without promoted numbers). */
export type CommandDocument = Record<string, unknown>;

/**
 * mongod's `trueValue()`: booleans as themselves, numbers (JS or BSON-wrapped) true unless zero,
 * null/undefined false, every other value true.
 */
export function trueValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "object" && "_bsontype" in value) {
    const type = (value as { _bsontype: string })._bsontype;
    if (type === "Int32" || type === "Double") return Number((value as { valueOf(): unknown }).valueOf()) !== 0;
    if (type === "Long") return !(value as unknown as { isZero(): boolean }).isZero();
    if (type === "Decimal128") return Number(String(value)) !== 0;
  }
  return true;
}

/** The first field name of a document, without allocating a key array. */
export function firstKey(doc: object): string | undefined {
  for (const key in doc) return key;
  return undefined;
}

/** A namespace given as a string `coll` or a document `{db, coll}`, resolved against `db`. */
export function namespaceOf(spec: unknown, db: string): { db: string; coll: string } | undefined {
  if (typeof spec === "string") return spec === "" ? undefined : { db, coll: spec };
  if (spec !== null && typeof spec === "object") {
    const s = spec as { db?: unknown; coll?: unknown };
    if (typeof s.coll !== "string" || s.coll === "") return undefined;
    return { db: typeof s.db === "string" ? s.db : db, coll: s.coll };
  }
  return undefined;
}

/** Splits a full namespace `db.coll` at its first dot. */
export function splitNamespace(full: unknown): { db: string; coll: string } | undefined {
  if (typeof full !== "string") return undefined;
  const dot = full.indexOf(".");
  if (dot <= 0 || dot === full.length - 1) return undefined;
  return { db: full.slice(0, dot), coll: full.slice(dot + 1) };
}
