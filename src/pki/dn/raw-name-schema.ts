/**
 * ASN.1 schemas that read a certificate's subject without interpreting its values, so that every
 * attribute value arrives as its original DER bytes (tag, length and content) and can be rendered
 * exactly as mongod renders it. `@peculiar/asn1-x509`'s own `Name` decodes the string types to text,
 * which loses the raw bytes mongod works from (it feeds BMPString bytes to ICU as UTF-8, for one).
 */
import { AsnArray, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes } from "@peculiar/asn1-schema";

/** `AttributeTypeAndValue` with the value kept as raw DER. */
export class RawAttributeTypeAndValue {
  @AsnProp({ type: AsnPropTypes.ObjectIdentifier })
  type = "";

  @AsnProp({ type: AsnPropTypes.Any })
  value: ArrayBuffer = new ArrayBuffer(0);
}

/** `RelativeDistinguishedName`: SET OF attribute, in encoded order. */
@AsnType({ type: AsnTypeTypes.Set, itemType: RawAttributeTypeAndValue })
export class RawRelativeDistinguishedName extends AsnArray<RawAttributeTypeAndValue> {
  constructor(items?: RawAttributeTypeAndValue[]) {
    super(items);
    Object.setPrototypeOf(this, RawRelativeDistinguishedName.prototype);
  }
}

/** `Name` (an `RDNSequence`) in DER order. */
@AsnType({ type: AsnTypeTypes.Sequence, itemType: RawRelativeDistinguishedName })
export class RawName extends AsnArray<RawRelativeDistinguishedName> {
  constructor(items?: RawRelativeDistinguishedName[]) {
    super(items);
    Object.setPrototypeOf(this, RawName.prototype);
  }
}

/**
 * The leading fields of `TBSCertificate` up to the subject, each kept as raw DER. The fields after the
 * subject (key, unique IDs, extensions) are not declared; the parser ignores them.
 */
@AsnType({ type: AsnTypeTypes.Sequence })
export class TbsCertificateSubjectView {
  @AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true })
  version?: ArrayBuffer;

  @AsnProp({ type: AsnPropTypes.Any })
  serialNumber: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Any })
  signature: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Any })
  issuer: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Any })
  validity: ArrayBuffer = new ArrayBuffer(0);

  @AsnProp({ type: RawName })
  subject: RawName = new RawName();
}
