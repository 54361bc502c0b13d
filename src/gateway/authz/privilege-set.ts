import { ACTION_TYPES, type ActionType } from "../../roles/index.js";
import { ACTION_COUNT, ACTION } from "./actions.js";
import { bucketsTarget, classifyNamespace, isInternalDatabase, type ResourcePattern } from "./resource.js";

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
  #anyNormal: Bits | undefined;
  #anyBuckets: Bits | undefined;
  readonly #db = new Map<string, Bits>();
  readonly #collection = new Map<string, Bits>();
  readonly #exact = new Map<string, Map<string, Bits>>();
  readonly #bucketsInDb = new Map<string, Bits>();
  readonly #bucketsInAnyDb = new Map<string, Bits>();
  readonly #exactBuckets = new Map<string, Map<string, Bits>>();
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
    return this.#any?.[a] === 1 || this.#anyNormal?.[a] === 1;
  }

  /** May the user perform `a` on database `db` as a whole? */
  canDatabase(db: string, a: number): boolean {
    if (this.#any?.[a] === 1) return true;
    if (this.#anyNormal?.[a] === 1 && !isInternalDatabase(db)) return true;
    return this.#db.get(db)?.[a] === 1;
  }

  /** May the user perform `a` on collection `db.collection`? */
  canNamespace(db: string, collection: string, a: number): boolean {
    if (this.#any?.[a] === 1) return true;
    const kind = classifyNamespace(db, collection);
    if (kind === "normal") {
      if (this.#anyNormal?.[a] === 1 && !isInternalDatabase(db)) return true;
      if (this.#db.get(db)?.[a] === 1) return true;
    } else if (kind === "systemBuckets" && this.#bucketsMatch(db, bucketsTarget(collection), a)) {
      return true;
    }
    if (this.#collection.get(collection)?.[a] === 1) return true;
    return nested(this.#exact, db, collection)?.[a] === 1;
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
    if (this.#any || this.#anyBuckets || this.#collection.size > 0 || this.#bucketsInAnyDb.size > 0) return true;
    if (this.#anyNormal && !isInternalDatabase(db)) return true;
    return this.#db.has(db) || this.#exact.has(db) || this.#bucketsInDb.has(db) || this.#exactBuckets.has(db);
  }

  /** The merged privileges, one entry per resource, in first-granted order (for connectionStatus). */
  privileges(): Privilege[] {
    return this.#order.map((resource) => {
      const bits = this.#bitsOf.get(resource) as Bits;
      return { resource, actions: ACTION_TYPES.filter((_, i) => bits[i] === 1) };
    });
  }

  #bucketsMatch(db: string, target: string, a: number): boolean {
    return (
      this.#anyBuckets?.[a] === 1 ||
      this.#bucketsInDb.get(db)?.[a] === 1 ||
      this.#bucketsInAnyDb.get(target)?.[a] === 1 ||
      nested(this.#exactBuckets, db, target)?.[a] === 1
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
    switch (resource.kind) {
      case "anyResource":
        return (this.#any ??= fresh());
      case "cluster":
        return (this.#cluster ??= fresh());
      case "anyNormal":
        return (this.#anyNormal ??= fresh());
      case "anySystemBuckets":
        return (this.#anyBuckets ??= fresh());
      case "database":
        return keyed(this.#db, resource.db);
      case "collection":
        return keyed(this.#collection, resource.collection);
      case "exactNamespace":
        return keyed2(this.#exact, resource.db, resource.collection);
      case "systemBucketsInDatabase":
        return keyed(this.#bucketsInDb, resource.db);
      case "systemBucketsInAnyDatabase":
        return keyed(this.#bucketsInAnyDb, resource.collection);
      case "exactSystemBuckets":
        return keyed2(this.#exactBuckets, resource.db, resource.collection);
    }
  }
}
