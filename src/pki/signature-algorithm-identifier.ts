/**
 * The signature AlgorithmIdentifier (DER) of a managed CA's WebCrypto signing algorithm, as certificates
 * and CRLs carry it: RSA PKCS#1 v1.5 identifiers with NULL parameters (RFC 4055 §5), ECDSA identifiers
 * with none (RFC 5758 §3.2).
 */
import { derOid, derSequence } from "./der.js";
import { PkiError } from "./pki-error.js";

const NULL = Buffer.from([0x05, 0x00]);

const IDENTIFIERS: Readonly<Record<string, Buffer>> = {
  "RSASSA-PKCS1-v1_5/SHA-256": derSequence([derOid("1.2.840.113549.1.1.11"), NULL]),
  "RSASSA-PKCS1-v1_5/SHA-384": derSequence([derOid("1.2.840.113549.1.1.12"), NULL]),
  "RSASSA-PKCS1-v1_5/SHA-512": derSequence([derOid("1.2.840.113549.1.1.13"), NULL]),
  "ECDSA/SHA-256": derSequence([derOid("1.2.840.10045.4.3.2")]),
  "ECDSA/SHA-384": derSequence([derOid("1.2.840.10045.4.3.3")]),
  "ECDSA/SHA-512": derSequence([derOid("1.2.840.10045.4.3.4")]),
};

/** The AlgorithmIdentifier of `signing` (a WebCrypto algorithm name and hash). */
export function signatureAlgorithmIdentifier(signing: { readonly name: string; readonly hash: string }): Buffer {
  const identifier = IDENTIFIERS[`${signing.name}/${signing.hash}`];
  if (identifier === undefined) throw new PkiError("INVALID_ARGUMENT", `no signature algorithm for ${signing.name} with ${signing.hash}`);
  return identifier;
}
