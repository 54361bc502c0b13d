import { CHALLENGE_ALGORITHMS, DigestHeaderError, formatDigestChallenge, parseDigestAuthorization } from "../../shared/digest-header.js";
import { digestsEqual, expectedDigestResponse } from "./digest-response.js";
import type { NonceSigner } from "./digest-nonce.js";
import type { NonceCountStore } from "./nonce-count-store.js";
import type { Clock } from "../../shared/clock.js";

/** Where the authenticator finds an API key's private key and who it stands for. */
export type DigestKeyLookup<P> = (publicKey: string) => Promise<{ privateKey: string; principal: P } | undefined>;

/** Why a request was not authenticated; logged, never shown to the client beyond the challenge. */
export const DIGEST_FAILURES = [
  "missing",
  "malformed",
  "wrong-realm",
  "unsupported-qop",
  "uri-mismatch",
  "forged-nonce",
  "expired-nonce",
  "replayed-nonce",
  "unknown-key",
  "wrong-password",
] as const;
export type DigestFailure = (typeof DIGEST_FAILURES)[number];

/** The outcome of checking one request. */
export type DigestOutcome<P> =
  | { ok: true; principal: P; publicKey: string }
  | { ok: false; failure: DigestFailure; stale: boolean; detail: string };

/** What the authenticator needs to know about a request. */
export interface DigestRequest {
  method: string;
  /** The request target exactly as received (path and query). */
  url: string;
  authorization: string | undefined;
}

// Computed for unknown keys so they take as long as wrong passwords.
const DUMMY_PASSWORD = "certgate-unknown-key-0000000000000000";

/**
 * HTTP Digest authentication with API keys, as the Atlas Admin API does it (RFC 7616, qop "auth").
 *
 * - Nonces are signed and time-stamped (`NonceSigner`), so any instance sharing the secret accepts them.
 * - A nonce past its lifetime is refused with `stale=true` when the digest was otherwise right, which
 *   tells clients to retry with the new nonce instead of asking for credentials again.
 * - Each nonce-count may be used once and must increase (`NonceCountStore`), so a captured request
 *   can't be replayed.
 * - Digests are compared in constant time, and unknown keys cost as much as wrong passwords.
 */
export class DigestAuthenticator<P> {
  readonly #realm: string;
  readonly #signer: NonceSigner;
  readonly #counts: NonceCountStore;
  readonly #clock: Clock;
  readonly #lookup: DigestKeyLookup<P>;

  constructor(options: { realm: string; signer: NonceSigner; nonceCounts: NonceCountStore; clock: Clock; lookup: DigestKeyLookup<P> }) {
    this.#realm = options.realm;
    this.#signer = options.signer;
    this.#counts = options.nonceCounts;
    this.#clock = options.clock;
    this.#lookup = options.lookup;
  }

  /** The `WWW-Authenticate` values for a 401: one challenge per offered algorithm, MD5 first as Atlas. */
  challenges(stale: boolean): string[] {
    const nonce = this.#signer.issue(this.#clock.now().getTime());
    return CHALLENGE_ALGORITHMS.map((algorithm) => formatDigestChallenge({ realm: this.#realm, nonce, algorithm, stale }));
  }

  /** Checks one request's `Authorization` header. */
  async authenticate(req: DigestRequest): Promise<DigestOutcome<P>> {
    const fail = (failure: DigestFailure, detail: string, stale = false): DigestOutcome<P> => ({ ok: false, failure, stale, detail });
    if (req.authorization === undefined) return fail("missing", "The request carries no Authorization header.");
    let creds;
    try {
      creds = parseDigestAuthorization(req.authorization);
    } catch (err) {
      if (err instanceof DigestHeaderError) return fail("malformed", err.message);
      throw err;
    }
    if (!creds) return fail("missing", "The Authorization header does not use the Digest scheme.");
    if (creds.realm !== this.#realm) return fail("wrong-realm", `The digest realm "${creds.realm}" is not "${this.#realm}".`);
    if (creds.qop !== "auth" || !creds.cnonce || !creds.nc || !/^[0-9a-fA-F]{8}$/.test(creds.nc)) {
      return fail("unsupported-qop", 'The digest must use qop "auth" with a cnonce and an 8-digit nonce-count.');
    }
    if (!sameTarget(creds.uri, req.url)) return fail("uri-mismatch", `The digest uri "${creds.uri}" is not the request's target.`);

    const nonce = this.#signer.check(creds.nonce, this.#clock.now().getTime());
    if (!nonce.valid && nonce.reason !== "expired") return fail("forged-nonce", "The nonce was not issued by this server.");

    const key = await this.#lookup(creds.username);
    const expected = expectedDigestResponse(creds, req.method, key?.privateKey ?? DUMMY_PASSWORD);
    const matches = digestsEqual(expected, creds.response);
    if (!key) return fail("unknown-key", `No API key has the public key "${creds.username}".`);
    if (!matches) return fail("wrong-password", `The digest for API key "${creds.username}" does not match.`);
    if (!nonce.valid) return fail("expired-nonce", "The nonce has expired.", true);
    const fresh = await this.#counts.advance(creds.nonce, Number.parseInt(creds.nc, 16), nonce.expiresAt);
    if (!fresh) return fail("replayed-nonce", `Nonce-count ${creds.nc} was already used with this nonce.`, true);
    return { ok: true, principal: key.principal, publicKey: creds.username };
  }
}

/** Whether the digest's `uri` names the request target; clients behind proxies may send the absolute form. */
function sameTarget(uri: string, target: string): boolean {
  if (uri === target) return true;
  try {
    const parsed = new URL(uri);
    return `${parsed.pathname}${parsed.search}` === target;
  } catch {
    return false;
  }
}
