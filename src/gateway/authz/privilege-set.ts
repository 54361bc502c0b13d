import { ACTION_TYPES, type ActionType } from "../../roles/index.js";
import { ACTION_COUNT, ACTION } from "./actions.js";
import { bucketsTarget, classifyNamespace, isInternalDatabase, namespaceScope, type ResourcePattern } from "./resource.js";

/** A privilege: actions granted on one resource pattern. */
export interface Privilege {
  resource: ResourcePattern;
  actions: ActionType[];
}

/** One bitmap of action indexes per resource; a byte per action keeps the hot lookup a single load. */
type Bits = Uint8Array;

function nested(map: Map<string, Map<string, Bits>>, a: string, b: string): Bits | undefined {
  const inner = map.get(a);
  return inner === undefined ? undefined : inner.get(b);
}

/** The bitmaps of one namespace family's patterns, by extent (resource.ts). */
interface FamilyBits {
  anywhere: Bits | undefined;
  readonly inDatabase: Map<string, Bits>;
  readonly inAnyDatabase: Map<string, Bits>;
  readonly exact: Map<string, Map<string, Bits>>;
}

function familyBits(): FamilyBits {
  return { anywhere: undefined, inDatabase: new Map(), inAnyDatabase: new Map(), exact: new Map() };
}

/**
 * A user's privileges compiled for constant-time checks: one action bitmap per resource pattern, keyed
 * by database and collection so that a check allocates nothing. Build it once per user or roles change
 * with {@link PrivilegeSet.from}; matching follows mongod's resource search lists:
 * - cluster: anyResource, cluster
 * - database d: anyResource, anyNormal (not for local/config), d
 * - normal collection d.c: anyResource, anyNormal (not in local/config), d, *.c, d.c
 * - system collection d.system.x: anyResource, *.system.x, d.system.x
 * - d.system.buckets.c: anyResource, the four system-buckets patterns, *.system.buckets.c, exact
 */
export class PrivilegeSet {
  #any: Bits | undefined;
  #cluster: Bits | undefined;
  readonly #normal = familyBits();
  readonly #buckets = familyBits();
  readonly #order: ResourcePattern[] = [];
  readonly #bitsOf = new Map<ResourcePattern, Bits>();

  private constructor() {}

  /** Compiles privileges, unioning the actions of privileges on the same resource. */
  static from(privileges: Iterable<Privilege>): PrivilegeSet {
    const set = new PrivilegeSet();
    for (const privilege of privileges) {
      // An empty grant must not register the resource: hasAnyOnDatabase would then see it.
      if (privilege.actions.length === 0) continue;
      const bits = set.#bitsFor(privilege.resource);
      for (const action of privilege.actions) bits[ACTION[action]] = 1;
    }
    return set;
  }

  /** May the user perform action index `a` (from `ACTION`) on the cluster? */
  canCluster(a: number): boolean {
    return this.#any?.[a] === 1 || this.#cluster?.[a] === 1;
  }

  /** May the user perform `a` on the anyNormal pattern itself (cluster-wide change streams)? */
  canAnyNormal(a: number): boolean {
    return this.#any?.[a] === 1 || this.#normal.anywhere?.[a] === 1;
  }

  /** May the user perform `a` on database `db` as a whole? */
  canDatabase(db: string, a: number): boolean {
    if (this.#any?.[a] === 1) return true;
    if (this.#normal.anywhere?.[a] === 1 && !isInternalDatabase(db)) return true;
    return this.#normal.inDatabase.get(db)?.[a] === 1;
  }

  /** May the user perform `a` on collection `db.collection`? */
  canNamespace(db: string, collection: string, a: number): boolean {
    if (this.#any?.[a] === 1) return true;
    const kind = classifyNamespace(db, collection);
    const normal = this.#normal;
    if (kind === "normal") {
      if (normal.anywhere?.[a] === 1 && !isInternalDatabase(db)) return true;
      if (normal.inDatabase.get(db)?.[a] === 1) return true;
    } else if (kind === "systemBuckets" && this.#bucketsMatch(db, bucketsTarget(collection), a)) {
      return true;
    }
    if (normal.inAnyDatabase.get(collection)?.[a] === 1) return true;
    return nested(normal.exact, db, collection)?.[a] === 1;
  }

  /** Does the user hold any action on `db.collection` (listCollections' authorizedCollections filter)? */
  hasAnyOnNamespace(db: string, collection: string): boolean {
    for (let a = 0; a < ACTION_COUNT; a++) if (this.canNamespace(db, collection, a)) return true;
    return false;
  }

  /**
   * Does the user hold any privilege on any resource in `db`, as mongod decides which databases
   * `listDatabases` shows and whether `listCollections` with authorizedCollections may run?
   */
  hasAnyOnDatabase(db: string): boolean {
    const normal = this.#normal;
    const buckets = this.#buckets;
    if (this.#any || buckets.anywhere || normal.inAnyDatabase.size > 0 || buckets.inAnyDatabase.size > 0) return true;
    if (normal.anywhere && !isInternalDatabase(db)) return true;
    return normal.inDatabase.has(db) || normal.exact.has(db) || buckets.inDatabase.has(db) || buckets.exact.has(db);
  }

  /** The merged privileges, one entry per resource, in first-granted order (for connectionStatus). */
  privileges(): Privilege[] {
    return this.#order.map((resource) => {
      const bits = this.#bitsOf.get(resource) as Bits;
      return { resource, actions: ACTION_TYPES.filter((_, i) => bits[i] === 1) };
    });
  }

  #bucketsMatch(db: string, target: string, a: number): boolean {
    const buckets = this.#buckets;
    return (
      buckets.anywhere?.[a] === 1 ||
      buckets.inDatabase.get(db)?.[a] === 1 ||
      buckets.inAnyDatabase.get(target)?.[a] === 1 ||
      nested(buckets.exact, db, target)?.[a] === 1
    );
  }

  #bitsFor(resource: ResourcePattern): Bits {
    const fresh = (): Bits => {
      const bits = new Uint8Array(ACTION_COUNT);
      this.#order.push(resource);
      this.#bitsOf.set(resource, bits);
      return bits;
    };
    const keyed = (map: Map<string, Bits>, key: string): Bits => {
      let bits = map.get(key);
      if (bits === undefined) map.set(key, (bits = fresh()));
      return bits;
    };
    const keyed2 = (map: Map<string, Map<string, Bits>>, a: string, b: string): Bits => {
      let inner = map.get(a);
      if (inner === undefined) map.set(a, (inner = new Map()));
      return keyed(inner, b);
    };
    if (resource.kind === "anyResource") return (this.#any ??= fresh());
    if (resource.kind === "cluster") return (this.#cluster ??= fresh());
    const { family, extent, db, collection } = namespaceScope(resource);
    const slots = family === "system_buckets" ? this.#buckets : this.#normal;
    switch (extent) {
      case "anywhere":
        return (slots.anywhere ??= fresh());
      case "inDatabase":
        return keyed(slots.inDatabase, db);
      case "inAnyDatabase":
        return keyed(slots.inAnyDatabase, collection);
      case "exact":
        return keyed2(slots.exact, db, collection);
    }
  }
}
