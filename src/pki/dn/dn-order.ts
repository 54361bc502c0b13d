/**
 * Spotting a DN typed in OpenSSL's display order. `openssl x509 -noout -subject` (without
 * `-nameopt RFC2253`) prints the subject most general part first (`C=US, O=MongoDB, OU=Eng, CN=client2`),
 * while mongod names the user in RFC 2253 order, most specific first (`CN=client2,OU=Eng,O=MongoDB,C=US`).
 * A user stored in the display order never matches a certificate. Only the first and last RDNs are
 * compared, by how general their attribute types are, so a DN whose ends are not well-known types is
 * never flagged.
 */
import type { Dn } from "./dn-types.js";
import { normalizeDn } from "./normalize-dn.js";
import { parseDn } from "./parse-dn.js";
import { renderDn } from "./render-dn.js";

/** How general an attribute type is: a person or service (0) up to a country or domain component (4). */
const GENERALITY: ReadonlyMap<string, number> = new Map([
  ["2.5.4.3", 0], // CN
  ["0.9.2342.19200300.100.1.1", 0], // UID
  ["1.2.840.113549.1.9.1", 0], // emailAddress
  ["2.5.4.5", 0], // serialNumber
  ["2.5.4.11", 1], // OU
  ["2.5.4.10", 2], // O
  ["2.5.4.7", 3], // L
  ["2.5.4.8", 3], // ST
  ["2.5.4.6", 4], // C
  ["0.9.2342.19200300.100.1.25", 4], // DC
]);

function generalityOf(dn: Dn, index: number): number | undefined {
  const rdn = dn[index];
  if (rdn === undefined) return undefined;
  const ranks = rdn.map((attribute) => GENERALITY.get(attribute.oid));
  return ranks.every((rank) => rank !== undefined) ? Math.min(...(ranks as number[])) : undefined;
}

/** The DN in the order mongod would name the certificate's user, when `text` looks reversed; else undefined. */
export function reversedDnSuggestion(text: string): string | undefined {
  let dn: Dn;
  try {
    dn = parseDn(text);
  } catch {
    return undefined;
  }
  if (dn.length < 2) return undefined;
  const first = generalityOf(dn, 0);
  const last = generalityOf(dn, dn.length - 1);
  if (first === undefined || last === undefined || first <= last) return undefined;
  return renderDn(normalizeDn([...dn].reverse()));
}

/** A sentence for the person who typed `text`, when it looks reversed. */
export function reversedDnWarning(text: string): string | undefined {
  const suggestion = reversedDnSuggestion(text);
  if (suggestion === undefined) return undefined;
  return (
    `This DN looks like OpenSSL's display order (most general part first). mongod names a certificate's user in RFC 2253 order, ` +
    `most specific part first: ${suggestion}. A user stored in the order typed will not match that certificate ` +
    "(`openssl x509 -noout -subject -nameopt RFC2253` prints the right order)."
  );
}
