/**
 * Key pair generation off the event loop.
 */
import { generateKeyPair, type KeyObject } from "node:crypto";
import { KEY_ALGORITHM_SPECS, type KeyAlgorithm } from "./key-algorithms.js";

/** A freshly generated key pair. The private key lives only in memory. */
export interface GeneratedKey {
  readonly algorithm: KeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * Generates a key pair with Node's asynchronous `crypto.generateKeyPair`, which runs in libuv's
 * threadpool: an RSA-4096 generation takes hundreds of milliseconds and must not block the
 * process that also serves the API and the gateway.
 */
export function generateKey(algorithm: KeyAlgorithm): Promise<GeneratedKey> {
  const spec = KEY_ALGORITHM_SPECS[algorithm];
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
      if (error) reject(error);
      else resolve({ algorithm, publicKey, privateKey });
    };
    if (spec.nodeType === "rsa") {
      generateKeyPair("rsa", { modulusLength: spec.modulusLength as number, publicExponent: 0x10001 }, done);
    } else {
      generateKeyPair("ec", { namedCurve: spec.namedCurve as string }, done);
    }
  });
}

/** The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form Atlas hands out. */
export function privateKeyToPkcs8Pem(key: GeneratedKey): string {
  return key.privateKey.export({ type: "pkcs8", format: "pem" }) as string;
}

/** The private key as PKCS#8 DER, the form that is sealed at rest. */
export function privateKeyToPkcs8Der(key: GeneratedKey): Buffer {
  return key.privateKey.export({ type: "pkcs8", format: "der" });
}

/** The public key as SubjectPublicKeyInfo DER, the form a certificate embeds. */
export function publicKeyToSpkiDer(key: GeneratedKey): Buffer {
  return key.publicKey.export({ type: "spki", format: "der" });
}
