/**
 * Certificates whose subject values OpenSSL's `req -subj` cannot produce (VisibleString,
 * GeneralizedTime, SEQUENCE, BIT STRING, empty or malformed strings, IA5String CN), built with
 * asn1-schema and signed with @peculiar/x509 so that `openssl x509` can still print them.
 */
import { webcrypto } from "node:crypto";
import { AsnSerializer } from "@peculiar/asn1-schema";
import { x509 } from "../../src/pki/x509-lib.js";
import { RawAttributeTypeAndValue, RawName, RawRelativeDistinguishedName } from "../../src/pki/dn/raw-name-schema.js";

/** One subject attribute: its OID and the complete DER of its value, tag included. */
export interface BuiltAttribute {
  readonly oid: string;
  readonly valueDer: string;
}

/** DER of a primitive universal value with the given tag and content bytes (short lengths only). */
export function tlv(tag: number, content: Uint8Array | string): string {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  if (bytes.length > 127) throw new Error("tlv() only writes short-form lengths");
  return Buffer.concat([Buffer.from([tag, bytes.length]), bytes]).toString("hex");
}

/** The DER of a Name with the given RDNs (in DER order; each RDN a list of attributes). */
export function nameDer(rdns: readonly (readonly BuiltAttribute[])[]): ArrayBuffer {
  const name = new RawName(
    rdns.map(
      (rdn) =>
        new RawRelativeDistinguishedName(
          rdn.map((attribute) => Object.assign(new RawAttributeTypeAndValue(), {
            type: attribute.oid,
            value: new Uint8Array(Buffer.from(attribute.valueDer, "hex")).buffer,
          })),
        ),
    ),
  );
  return AsnSerializer.serialize(name);
}

/** A self-signed P-256 certificate (PEM) whose subject is exactly `rdns`. */
export async function buildCertificate(rdns: readonly (readonly BuiltAttribute[])[]): Promise<string> {
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(algorithm, false, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: new x509.Name(nameDer(rdns)),
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: algorithm,
  });
  return certificate.toString("pem");
}
