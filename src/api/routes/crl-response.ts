/**
 * How `GET /groups/{groupId}/crl` goes out: the bytes the CRL cache built, with nothing computed per
 * request. The response carries a strong `ETag`; a request whose `If-None-Match` names it gets
 * `304 Not Modified` and no body, so a poller that keeps the CRL it fetched last (`curl --etag-compare
 * crl.etag --etag-save crl.etag -o crl.pem`) pays for the CRL only when it changed. A client that
 * accepts gzip gets the compressed bytes.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { PublishedCrl } from "../../core/crl-cache.js";

/** Content type of the CRL (PEM text, which mongod's `net.tls.CRLFile` reads). */
export const CRL_CONTENT_TYPE = "application/x-pem-file";

/** True when an `If-None-Match` value names `etag` (or is `*`); weak comparison, as RFC 9110 §13.1.2 asks. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(",").some((candidate) => {
    const tag = candidate.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

/** True when `Accept-Encoding` accepts gzip (with a q-value above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding?.trim() !== "gzip" && coding?.trim() !== "x-gzip") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Sends `crl` as the answer to `request`: 304 when the client has it, else its bytes. */
export function sendCrl(request: FastifyRequest, reply: FastifyReply, crl: PublishedCrl): FastifyReply {
  // no-cache: a cache may keep the CRL but must ask (with the ETag) before reusing it.
  reply.header("etag", crl.etag).header("cache-control", "no-cache").header("vary", "accept-encoding");
  if (matchesEtag(request.headers["if-none-match"], crl.etag)) return reply.code(304).send();
  reply.header("content-type", CRL_CONTENT_TYPE);
  if (acceptsGzip(request.headers["accept-encoding"])) return reply.header("content-encoding", "gzip").send(crl.gzip);
  return reply.send(crl.pem);
}
