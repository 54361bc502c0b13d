/**
 * A key pair generated on the user's machine and a PKCS#10 request for it: `certs create --keyOut`
 * sends the request and writes the key to a file; the private key never leaves this process.
 */
import { webcrypto } from "node:crypto";
import { encodePem } from "../../pki/pem-bundle.js";
import { x509 } from "../../pki/x509-lib.js";

/** The key algorithms the CLI generates (the names the server's key policy accepts). */
export const LOCAL_KEY_ALGORITHMS = ["RSA_4096", "RSA_3072", "RSA_2048", "EC_P256", "EC_P384"] as const;
/** One of {@link LOCAL_KEY_ALGORITHMS}. */
export type LocalKeyAlgorithm = (typeof LOCAL_KEY_ALGORITHMS)[number];

type GenerateParams = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams;
type SignParams = webcrypto.Algorithm | webcrypto.EcdsaParams;

function algorithmOf(name: LocalKeyAlgorithm): { generate: GenerateParams; sign: SignParams } {
  if (name.startsWith("RSA_")) {
    const bits = Number(name.slice(4));
    const generate = { name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    return { generate, sign: { name: "RSASSA-PKCS1-v1_5" } };
  }
  const curve = name === "EC_P384" ? "P-384" : "P-256";
  const hash = name === "EC_P384" ? "SHA-384" : "SHA-256";
  return { generate: { name: "ECDSA", namedCurve: curve }, sign: { name: "ECDSA", hash } };
}

/** Parses a `--keyAlgorithm` value. */
export function parseLocalKeyAlgorithm(value: string): LocalKeyAlgorithm {
  const upper = value.toUpperCase().replace(/-/g, "_");
  const found = LOCAL_KEY_ALGORITHMS.find((name) => name === upper);
  if (found === undefined) throw new Error(`--keyAlgorithm must be one of ${LOCAL_KEY_ALGORITHMS.join(", ")}, got "${value}"`);
  return found;
}

/** A new key (PKCS#8 PEM) and a CSR for it (PEM) with subject `CN=<commonName>`. */
export async function generateKeyAndCsr(algorithm: LocalKeyAlgorithm, commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const { generate, sign } = algorithmOf(algorithm);
  const keys = (await webcrypto.subtle.generateKey(generate, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: new x509.Name([{ "2.5.4.3": [{ utf8String: commonName }] }]).toJSON(),
    keys: keys as unknown as Parameters<typeof x509.Pkcs10CertificateRequestGenerator.create>[0]["keys"],
    signingAlgorithm: sign,
  });
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return { keyPem: encodePem("PRIVATE KEY", pkcs8), csrPem: encodePem("CERTIFICATE REQUEST", new Uint8Array(request.rawData)) };
}
