/**
 * Prints a {@link Dn} in mongod's canonical form: RDNs joined by `,`, members of a multi-valued RDN
 * by `+`, each as `<OpenSSL short name>=<mongod-escaped value>`, no spaces anywhere.
 */
import { shortNameOf } from "./attribute-names.js";
import type { Dn, DnAttribute } from "./dn-types.js";
import { escapeValue } from "./escape-value.js";

/** One `type=value` pair as mongod prints it; `#`-hex values are printed as they are. */
export function renderAttribute(attribute: DnAttribute): string {
  const value = attribute.derHex ? attribute.value : escapeValue(attribute.value);
  return `${shortNameOf(attribute.oid)}=${value}`;
}

/** The DN as mongod prints it. Values are printed as given; normalize first for the canonical form. */
export function renderDn(dn: Dn): string {
  return dn.map((rdn) => rdn.map(renderAttribute).join("+")).join(",");
}
