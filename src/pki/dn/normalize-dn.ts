/**
 * Applies mongod's RFC 4518 preparation to every text value of a parsed DN.
 */
import { PkiError } from "../pki-error.js";
import { shortNameOf } from "./attribute-names.js";
import type { Dn } from "./dn-types.js";
import { ldapStringprep, StringprepError } from "./ldap-stringprep.js";

/**
 * Returns `dn` with each text value prepared as mongod prepares it (empty values and `#`-hex values
 * unchanged). Throws `PkiError("INVALID_DN")` naming the attribute when a value holds a prohibited or
 * unassigned character, which mongod would refuse as well.
 */
export function normalizeDn(dn: Dn): Dn {
  return dn.map((rdn) =>
    rdn.map((attribute) => {
      if (attribute.derHex || attribute.value === "") return attribute;
      try {
        return { oid: attribute.oid, value: ldapStringprep(attribute.value) };
      } catch (error) {
        if (!(error instanceof StringprepError)) throw error;
        throw new PkiError("INVALID_DN", `invalid DN: the value of ${shortNameOf(attribute.oid)}: ${error.message}`, { cause: error });
      }
    }),
  );
}
