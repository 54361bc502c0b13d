import { hash, timingSafeEqual } from "node:crypto";
import type { DigestAlgorithm, DigestCredentials } from "../../shared/digest-header.js";

/** The request-digest a client holding `password` would have sent (RFC 7616 §3.4.1–3.4.3, qop "auth"). */
export function expectedDigestResponse(creds: DigestCredentials, method: string, password: string): string {
  const h = hasher(creds.algorithm);
  let ha1 = h(`${creds.username}:${creds.realm}:${password}`);
  if (creds.algorithm.endsWith("-sess")) ha1 = h(`${ha1}:${creds.nonce}:${creds.cnonce ?? ""}`);
  const ha2 = h(`${method}:${creds.uri}`);
  return h(`${ha1}:${creds.nonce}:${creds.nc ?? ""}:${creds.cnonce ?? ""}:${creds.qop ?? ""}:${ha2}`);
}

/** Compares two hex digests in constant time (for equal lengths; a length mismatch is simply false). */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

function hasher(algorithm: DigestAlgorithm): (s: string) => string {
  const name = algorithm.startsWith("SHA-256") ? "sha256" : "md5";
  return (s) => hash(name, s, "hex");
}
