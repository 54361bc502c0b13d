/**
 * The part of a subject that mongod's cluster-member rule compares (its `canonicalizeClusterDN`).
 */
import type { Dn, DnAttribute } from "./dn-types.js";
import { normalizeDn } from "./normalize-dn.js";
import { renderAttribute } from "./render-dn.js";

const MEMBERSHIP_OIDS = new Set(["0.9.2342.19200300.100.1.25", "2.5.4.10", "2.5.4.11"]);

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// mongod orders entries by (oid, ASN.1 type, value bytes); after preparation every text value has the
// UTF8String type, so the `#`-hex (non-string) values are the only ones whose type differs.
function compareEntries(a: DnAttribute, b: DnAttribute): number {
  if (a.oid !== b.oid) return a.oid < b.oid ? -1 : 1;
  if (Boolean(a.derHex) !== Boolean(b.derHex)) return a.derHex ? 1 : -1;
  return compareBytes(a.value, b.value);
}

/**
 * The sorted multiset of DC, O and OU attributes of `dn` (values normalized), printed as
 * `type=value` pairs joined by `,`; the empty string when the DN has none. Two subjects whose keys are
 * equal and non-empty are "the same cluster" to mongod: a client certificate whose key equals the
 * gateway's own certificate's key would be taken for a cluster member.
 */
export function clusterMembershipKey(dn: Dn): string {
  const entries = normalizeDn(dn).flat().filter((attribute) => MEMBERSHIP_OIDS.has(attribute.oid));
  return entries.sort(compareEntries).map(renderAttribute).join(",");
}
