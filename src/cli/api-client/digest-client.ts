/**
 * An HTTP Digest client (RFC 7616, qop "auth", MD5 or SHA-256) for API keys: public key as user name,
 * private key as password. It keeps the last challenge so that a run of requests (a bulk import) signs
 * each one with the next nonce-count instead of paying an extra round trip for a new challenge.
 */
import { createHash, randomBytes } from "node:crypto";
import { parseAuthParams } from "../../shared/digest-header.js";
import { sendHttp, type HttpRequest, type HttpResponse } from "./http-transport.js";

/** An API key as the Digest client uses it. */
export interface DigestCredentials {
  publicKey: string;
  privateKey: string;
}

/** A server challenge the client can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  algorithm: "MD5" | "SHA-256";
  opaque?: string;
  stale: boolean;
}

/** Reads the Digest challenges the client can answer, SHA-256 first (the stronger), then MD5. */
export function usableChallenges(headerValues: readonly string[]): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const value of headerValues) {
    const scheme = /^\s*Digest\s+/i.exec(value);
    if (!scheme) continue;
    let params: Map<string, string>;
    try {
      params = parseAuthParams(value.slice(scheme[0].length));
    } catch {
      continue;
    }
    const algorithm = (params.get("algorithm") ?? "MD5").toUpperCase();
    const qops = (params.get("qop") ?? "").split(",").map((q) => q.trim().toLowerCase());
    const realm = params.get("realm");
    const nonce = params.get("nonce");
    if ((algorithm !== "MD5" && algorithm !== "SHA-256") || !qops.includes("auth") || realm === undefined || !nonce) continue;
    const opaque = params.get("opaque");
    out.push({ realm, nonce, algorithm, stale: params.get("stale")?.toLowerCase() === "true", ...(opaque === undefined ? {} : { opaque }) });
  }
  return out.sort((a, b) => (a.algorithm === b.algorithm ? 0 : a.algorithm === "SHA-256" ? -1 : 1));
}

/** The `Authorization` header answering `challenge` for one request (RFC 7616 §3.4). */
export function digestAuthorization(
  challenge: DigestChallenge,
  key: DigestCredentials,
  method: string,
  uri: string,
  nonceCount: number,
  cnonce = randomBytes(12).toString("hex"),
): string {
  const hash = (s: string) => createHash(challenge.algorithm === "SHA-256" ? "sha256" : "md5").update(s, "utf8").digest("hex");
  const nc = nonceCount.toString(16).padStart(8, "0");
  const ha1 = hash(`${key.publicKey}:${challenge.realm}:${key.privateKey}`);
  const ha2 = hash(`${method}:${uri}`);
  const response = hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  const quote = (s: string) => `"${s.replace(/(["\\])/g, "\\$1")}"`;
  return (
    `Digest username=${quote(key.publicKey)}, realm=${quote(challenge.realm)}, nonce=${quote(challenge.nonce)}, uri=${quote(uri)}, ` +
    `algorithm=${challenge.algorithm}, qop=auth, nc=${nc}, cnonce=${quote(cnonce)}, response=${quote(response)}` +
    (challenge.opaque === undefined ? "" : `, opaque=${quote(challenge.opaque)}`)
  );
}

/** Sends requests signed with one API key. */
export class DigestClient {
  private challenge: DigestChallenge | undefined;
  private nonceCount = 0;

  /** `transport` sends one HTTP exchange; the default is the real one (`sendHttp`). */
  constructor(
    private readonly key: DigestCredentials,
    private readonly transport: (req: HttpRequest) => Promise<HttpResponse> = sendHttp,
  ) {}

  /**
   * Sends `req`, answering the server's challenge when one comes (the first request of a run, or when
   * the kept nonce has expired). A 401 whose new challenge says `stale=true` is retried once more; any
   * other 401 after a signed attempt is the server's verdict on the key and is returned as is.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let response = await this.attempt(req);
    if (response.status !== 401) return response;
    if (!this.adopt(response)) return response;
    response = await this.attempt(req);
    if (response.status === 401 && usableChallenges(response.challenges)[0]?.stale && this.adopt(response)) {
      response = await this.attempt(req);
    }
    return response;
  }

  private adopt(response: HttpResponse): boolean {
    const next = usableChallenges(response.challenges)[0];
    if (!next) return false;
    this.challenge = next;
    this.nonceCount = 0;
    return true;
  }

  private attempt(req: HttpRequest): Promise<HttpResponse> {
    if (!this.challenge) return this.transport(req);
    this.nonceCount += 1;
    const uri = `${req.url.pathname}${req.url.search}`;
    const authorization = digestAuthorization(this.challenge, this.key, req.method, uri, this.nonceCount);
    return this.transport({ ...req, headers: { ...req.headers, authorization } });
  }
}
