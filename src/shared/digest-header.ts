/**
 * Reading and writing the `Digest` HTTP authentication headers (RFC 7616 §3.3–3.4).
 */

/** The digest algorithms certgate answers, in the order its challenges offer them. */
export const DIGEST_ALGORITHMS = ["MD5", "SHA-256", "MD5-sess", "SHA-256-sess"] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** The algorithms offered in challenges; the `-sess` variants are accepted when a client picks them. */
export const CHALLENGE_ALGORITHMS: readonly DigestAlgorithm[] = ["MD5", "SHA-256"];

/** The fields of an `Authorization: Digest ...` header that certgate uses. */
export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  qop?: string;
  nc?: string;
  cnonce?: string;
  opaque?: string;
}

/** A header that is not a usable Digest authorization; `message` says what is wrong with it. */
export class DigestHeaderError extends Error {
  override readonly name = "DigestHeaderError";
}

/**
 * Parses the auth-params of an `Authorization` header whose scheme is `Digest`.
 * Returns `undefined` when the scheme is something else (e.g. `Basic`).
 */
export function parseDigestAuthorization(header: string): DigestCredentials | undefined {
  const match = /^\s*Digest\s+/i.exec(header);
  if (!match) return undefined;
  const params = parseAuthParams(header.slice(match[0].length));
  const required = ["username", "realm", "nonce", "uri", "response"] as const;
  for (const name of required) {
    if (params.get(name) === undefined) throw new DigestHeaderError(`Digest authorization is missing "${name}".`);
  }
  if (params.has("username*") || params.get("userhash") === "true") {
    throw new DigestHeaderError("Digest authorization with an encoded or hashed username is not supported.");
  }
  const algorithmText = params.get("algorithm") ?? "MD5";
  const algorithm = DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === algorithmText.toLowerCase());
  if (!algorithm) throw new DigestHeaderError(`Digest algorithm "${algorithmText}" is not supported.`);
  const creds: DigestCredentials = {
    username: params.get("username") as string,
    realm: params.get("realm") as string,
    nonce: params.get("nonce") as string,
    uri: params.get("uri") as string,
    response: (params.get("response") as string).toLowerCase(),
    algorithm,
  };
  for (const name of ["qop", "nc", "cnonce", "opaque"] as const) {
    const value = params.get(name);
    if (value !== undefined) creds[name] = value;
  }
  return creds;
}

/** Splits `a=b, c="d, \"e\""` into a map, decoding quoted strings (RFC 7230 §3.2.6); names are lower-cased. */
export function parseAuthParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  const skip = (re: RegExp): void => {
    while (i < text.length && re.test(text[i] as string)) i++;
  };
  while (i < text.length) {
    skip(/[\s,]/);
    if (i >= text.length) break;
    const nameStart = i;
    while (i < text.length && /[^\s=,]/.test(text[i] as string)) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    skip(/\s/);
    if (text[i] !== "=") throw new DigestHeaderError(`Digest authorization parameter "${name}" has no value.`);
    i++;
    skip(/\s/);
    let value = "";
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i] as string;
        if (ch === "\\" && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (ch === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed) throw new DigestHeaderError(`Digest authorization parameter "${name}" has an unterminated quoted value.`);
    } else {
      const start = i;
      while (i < text.length && /[^\s,]/.test(text[i] as string)) i++;
      value = text.slice(start, i);
    }
    if (out.has(name)) throw new DigestHeaderError(`Digest authorization parameter "${name}" appears twice.`);
    out.set(name, value);
  }
  return out;
}

/** One `WWW-Authenticate` challenge, in the shape Atlas sends (`realm`, `domain`, `nonce`, `algorithm`, `qop`, `stale`). */
export function formatDigestChallenge(params: { realm: string; nonce: string; algorithm: DigestAlgorithm; stale: boolean }): string {
  return (
    `Digest realm="${params.realm}", domain="", nonce="${params.nonce}", ` +
    `algorithm=${params.algorithm}, qop="auth", stale=${params.stale ? "true" : "false"}`
  );
}
