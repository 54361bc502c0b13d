/**
 * The shapes a distinguished name takes inside certgate once parsed from text or read from a
 * certificate. Order is always the PRINTED order (RFC 4514): the first RDN of a certificate's printed
 * subject is the last RDN of its DER encoding.
 */

/** One `type=value` pair of a distinguished name. */
export interface DnAttribute {
  /** The attribute type as a dotted OID, e.g. `2.5.4.3` for CN. */
  readonly oid: string;
  /**
   * The value as decoded Unicode text (escapes removed). When {@link DnAttribute.derHex} is true the
   * value is instead `#` followed by the upper-case hex of the value's complete DER encoding, which is
   * how RFC 4514 and mongod show ASN.1 values that are not character strings.
   */
  readonly value: string;
  /** True when `value` is `#`-hex of raw DER rather than text; such values are printed verbatim. */
  readonly derHex?: boolean;
}

/** A relative distinguished name; a multi-valued RDN (`CN=a+OU=b`) has several attributes. */
export type Rdn = readonly DnAttribute[];

/** A distinguished name in printed order (first printed RDN first). */
export type Dn = readonly Rdn[];
