/**
 * From a user's name to its LDAP groups, as mongod's LDAP authorization does it: map the name to a DN
 * (`userToDNMapping`), check that the DN names an LDAP entry, run `authzQueryTemplate` with `{USER}` =
 * that DN, and read the groups (the values of the query's attributes, or the DNs of the entries found
 * when it names none).
 *
 * Operational rules:
 * - answers (groups, and definite refusals such as "no such entry") are cached per settings and name
 *   in a bounded LRU with a short TTL; failures are not cached;
 * - a caller may demand an answer asked no earlier than a given time (`freshSince`): the gateway's
 *   periodic re-check does, so a cached answer can never hide a group change for longer than the
 *   re-check interval, while every connection of one user re-checked in the same round still shares
 *   one LDAP round trip;
 * - concurrent lookups of the same name share one LDAP round trip;
 * - a server that cannot be reached opens its circuit (see `ServerCircuits`), so lookups fail closed
 *   at once instead of queueing behind timeouts, and the server is retried by itself after a while.
 */
import { createHash } from "node:crypto";
import { BoundedCache } from "./bounded-cache.js";
import { instantiateQuery, parseQueryTemplate, type LdapQuery } from "./ldap-query-template.js";
import { DEFAULT_LDAP_TIMEOUTS, serverKey, type LdapServer, type LdapTimeouts } from "./ldap-server.js";
import { LdapFailure, NO_SUCH_OBJECT, withLdapSession, type LdapSession } from "./ldap-session.js";
import { ServerCircuits } from "./server-circuit.js";
import { mapUserToDn, type UserToDnRule } from "./user-to-dn-mapping.js";

/** mongod's default `authzQueryTemplate` (and Atlas's). */
export const DEFAULT_AUTHZ_QUERY_TEMPLATE = "{USER}?memberOf?base";

/** The tokens an `authzQueryTemplate` may use. */
export const AUTHZ_QUERY_TOKENS: ReadonlySet<string> = new Set(["USER", "PROVIDED_USER"]);

/** LDAP result code invalidDNSyntax: the mapped name is not a DN at all. */
const INVALID_DN_SYNTAX = 34;

/** What a lookup needs from the project's LDAP settings. */
export interface LdapAuthzConfig {
  server: LdapServer;
  userToDnMapping: readonly UserToDnRule[];
  authzQueryTemplate: string;
}

/** Why a lookup gave no groups. `UNAVAILABLE` means "could not ask", never "asked and was told no". */
export type GroupLookupRefusal = "NOT_MAPPED" | "NO_SUCH_USER" | "UNAVAILABLE";

/** The outcome of a lookup. */
export type GroupLookup =
  | { ok: true; userDn: string; groupDns: string[] }
  | { ok: false; refusal: GroupLookupRefusal; reason: string };

/** Tunables of a resolver. */
export interface GroupResolverOptions {
  /** How long an answer is reused (default 30 s; mongod refreshes its LDAP cache every 30 s too). */
  ttlMs?: number;
  /** Cached answers kept at most (default 1000). */
  maxEntries?: number;
  timeouts?: LdapTimeouts;
  /** How long an unreachable server is not tried again (default 5 s). */
  circuitOpenMs?: number;
  now?: () => number;
}

function settingsKey(config: LdapAuthzConfig): string {
  return createHash("sha256").update(JSON.stringify(config)).digest("base64");
}

async function searchOrNone(session: LdapSession, query: LdapQuery) {
  try {
    return await session.search(query);
  } catch (error) {
    if (error instanceof LdapFailure && error.step === "QUERY" && error.resultCode === NO_SUCH_OBJECT) return [];
    throw error;
  }
}

async function entryExists(session: LdapSession, dn: string): Promise<boolean> {
  try {
    const found = await session.search({ baseDn: dn, scope: "base", filter: "(objectClass=*)", attributes: [] });
    return found.length > 0;
  } catch (error) {
    const code = error instanceof LdapFailure ? error.resultCode : undefined;
    if (code === NO_SUCH_OBJECT || code === INVALID_DN_SYNTAX) return false;
    throw error;
  }
}

/** Runs the whole lookup in one bound session. */
async function lookupInSession(session: LdapSession, config: LdapAuthzConfig, providedUser: string): Promise<GroupLookup> {
  const mapped = await mapUserToDn(providedUser, config.userToDnMapping, async (q) => (await searchOrNone(session, q)).map((e) => e.dn));
  if (!mapped.ok) return { ok: false, refusal: "NOT_MAPPED", reason: mapped.reason };
  const userDn = mapped.dn;
  if (!(await entryExists(session, userDn))) {
    return { ok: false, refusal: "NO_SUCH_USER", reason: `"${userDn}" is not the DN of an entry of the LDAP directory` };
  }
  const query = instantiateQuery(parseQueryTemplate(config.authzQueryTemplate, AUTHZ_QUERY_TOKENS), { USER: userDn, PROVIDED_USER: providedUser });
  const entries = await searchOrNone(session, query);
  const wanted = query.attributes.map((a) => a.toLowerCase());
  const groups = wanted.length === 0 ? entries.map((e) => e.dn) : entries.flatMap((e) => wanted.flatMap((a) => e.attributes[a] ?? []));
  return { ok: true, userDn, groupDns: [...new Set(groups)] };
}

/** How fresh an answer a caller needs. */
export interface LookupFreshness {
  /**
   * Only answers whose LDAP round trip started at or after this time (ms, on the resolver's clock)
   * may be used; older cached answers and older lookups still in flight are not. Unset: any answer
   * the cache still holds.
   */
  freshSince?: number;
}

/** An answer with the time its LDAP round trip started. */
interface Asked<T> {
  value: T;
  askedAt: number;
}

/** Resolves names to groups with caching, request sharing and per-server circuits. */
export class LdapGroupResolver {
  private readonly cache: BoundedCache<string, Asked<GroupLookup>>;
  private readonly inFlight = new Map<string, Asked<Promise<GroupLookup>>>();
  private readonly circuits: ServerCircuits;
  private readonly timeouts: LdapTimeouts;
  private readonly now: () => number;

  constructor(options: GroupResolverOptions = {}) {
    this.now = options.now ?? Date.now;
    this.cache = new BoundedCache(options.maxEntries ?? 1000, options.ttlMs ?? 30_000, this.now);
    this.circuits = new ServerCircuits(options.circuitOpenMs ?? 5000, this.now);
    this.timeouts = options.timeouts ?? DEFAULT_LDAP_TIMEOUTS;
  }

  /** The groups of `providedUser` under `config`; never throws. */
  lookup(config: LdapAuthzConfig, providedUser: string, freshness: LookupFreshness = {}): Promise<GroupLookup> {
    const key = `${settingsKey(config)}\u0000${providedUser}`;
    const freshEnough = (askedAt: number) => freshness.freshSince === undefined || askedAt >= freshness.freshSince;
    const cached = this.cache.get(key);
    if (cached !== undefined && freshEnough(cached.askedAt)) return Promise.resolve(cached.value);
    const pending = this.inFlight.get(key);
    if (pending !== undefined && freshEnough(pending.askedAt)) return pending.value;
    const askedAt = this.now();
    const started: Promise<GroupLookup> = this.lookupUncached(config, providedUser, key, askedAt).finally(() => {
      if (this.inFlight.get(key)?.value === started) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { value: started, askedAt });
    return started;
  }

  private async lookupUncached(config: LdapAuthzConfig, providedUser: string, key: string, askedAt: number): Promise<GroupLookup> {
    const server = serverKey(config.server);
    const blocked = this.circuits.blocked(server);
    if (blocked !== undefined) return { ok: false, refusal: "UNAVAILABLE", reason: `LDAP server ${server} is unavailable (${blocked})` };
    try {
      const result = await withLdapSession(config.server, this.timeouts, (session) => lookupInSession(session, config, providedUser));
      this.circuits.succeeded(server);
      // A slower, older lookup finishing last must not replace a newer answer.
      const held = this.cache.get(key);
      if (held === undefined || held.askedAt <= askedAt) this.cache.set(key, { value: result, askedAt });
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof LdapFailure && error.step === "CONNECT") this.circuits.failed(server, reason);
      else this.circuits.succeeded(server);
      return { ok: false, refusal: "UNAVAILABLE", reason: `LDAP lookup of "${providedUser}" failed: ${reason}` };
    }
  }
}
