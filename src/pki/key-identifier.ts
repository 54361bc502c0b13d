/**
 * Key identifiers for subjectKeyIdentifier / authorityKeyIdentifier: RFC 5280 §4.2.1.2 method (1),
 * the SHA-1 hash of the subjectPublicKey BIT STRING's contents, which is also what OpenSSL's
 * `subjectKeyIdentifier=hash` computes. Taken straight from Node's key object, because deriving it
 * through an ASN.1 round trip of the SubjectPublicKeyInfo costs about a millisecond per certificate.
 */
import { hash, type KeyObject } from "node:crypto";
import { DER_TAG } from "./der.js";
import { readDerChildren, readDerTagged } from "./der-reader.js";
import { PkiError } from "./pki-error.js";

/** The bytes inside the subjectPublicKey BIT STRING of `publicKey`'s SubjectPublicKeyInfo. */
function subjectPublicKeyBits(publicKey: KeyObject): Buffer {
  switch (publicKey.asymmetricKeyType) {
    case "rsa":
      return publicKey.export({ type: "pkcs1", format: "der" });
    case "ec": {
      // An EC public key's BIT STRING holds the uncompressed point 0x04 || X || Y.
      const jwk = publicKey.export({ format: "jwk" });
      return Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x as string, "base64url"), Buffer.from(jwk.y as string, "base64url")]);
    }
    default:
      throw new PkiError("INVALID_ARGUMENT", `no key identifier rule for ${publicKey.asymmetricKeyType ?? "unknown"} keys`);
  }
}

/** The 20-byte key identifier of a public key, as lowercase hex. */
export function keyIdentifier(publicKey: KeyObject): string {
  return hash("sha1", subjectPublicKeyBits(publicKey), "hex");
}

/**
 * The key identifier of a SubjectPublicKeyInfo (DER), hashed straight from its BIT STRING: the same
 * value as {@link keyIdentifier} for a key Node encodes, without parsing the key first.
 */
export function keyIdentifierOfSpki(spkiDer: Uint8Array): string {
  const spki = readDerTagged(spkiDer, DER_TAG.sequence, 0, spkiDer.length);
  const children = spki && readDerChildren(spkiDer, spki);
  const bits = children?.[1];
  if (children?.length !== 2 || bits?.tag !== DER_TAG.bitString || spkiDer[bits.contentStart] !== 0) {
    throw new PkiError("INVALID_ARGUMENT", "the SubjectPublicKeyInfo cannot be read");
  }
  return hash("sha1", spkiDer.subarray(bits.contentStart + 1, bits.end), "hex");
}
