/**
 * Remembers {@link identifyPeer}'s verdicts per trust set, so a client that opens many connections
 * with one certificate (every driver pool, every reconnect storm) pays the ASN.1 parsing and chain
 * verification once instead of on every handshake; in the gateway benchmark that work was most of
 * a new connection's cost.
 *
 * A verdict is reused only for the same certificates (SHA-256 of the presented chain, OpenSSL's
 * verified path included), the same trust anchors object (a project change builds a new one, which
 * drops the entries), and while every certificate of the chain is within its validity period.
 * Failures are not remembered: they are rare and their reason may depend on the time.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { PeerCertificate, TLSSocket } from "node:tls";
import type { PreparedTrustAnchors } from "../../pki/verify-chain.js";
import { identifyPeer, peerChain, type PeerIdentityResult } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";

interface Remembered {
  readonly result: PeerIdentityResult;
  readonly chain: readonly Buffer[];
  readonly notBefore: number;
  readonly notAfter: number;
}

/** Entries per trust set before the oldest half is dropped. */
const MAX_ENTRIES = 4096;

const byAnchors = new WeakMap<PreparedTrustAnchors, Map<string, Remembered>>();

function chainKey(chain: readonly Buffer[]): string {
  const hash = createHash("sha256");
  for (const der of chain) hash.update(der);
  return hash.digest("base64");
}

function validityWindow(chain: readonly Buffer[]): { notBefore: number; notAfter: number } {
  let notBefore = -Infinity;
  let notAfter = Infinity;
  for (const der of chain) {
    const cert = new X509Certificate(der);
    notBefore = Math.max(notBefore, Date.parse(cert.validFrom));
    notAfter = Math.min(notAfter, Date.parse(cert.validTo));
  }
  return { notBefore, notAfter };
}

/** {@link identifyPeer}, answered from memory when the same chain verified against the same anchors before. */
export function identifyPeerCached(chain: readonly Buffer[], access: ProjectAccess, now: Date): PeerIdentityResult {
  if (chain.length === 0) return identifyPeer(chain, access, now);
  let entries = byAnchors.get(access.anchors);
  if (entries === undefined) {
    entries = new Map();
    byAnchors.set(access.anchors, entries);
  }
  const key = chainKey(chain);
  const at = now.getTime();
  const known = entries.get(key);
  if (known !== undefined && at >= known.notBefore && at <= known.notAfter) return known.result;
  const result = identifyPeer(chain, access, now);
  if (!result.ok) return result;
  if (entries.size >= MAX_ENTRIES) for (const old of [...entries.keys()].slice(0, MAX_ENTRIES / 2)) entries.delete(old);
  entries.set(key, { result, chain, ...validityWindow(chain) });
  return result;
}

/**
 * The peer's chain and identity for a new connection. `getPeerCertificate(true)` builds a JS object
 * per certificate with every field and three fingerprints (~0.15 ms), so a known leaf is looked up
 * first by its SHA-256 fingerprint alone: the TLS layer has already verified this connection's chain
 * against the same anchors, and the identity (anchor kind, subject, user name) follows from the leaf.
 * The leaf alone comes from `getPeerCertificate(false)` (~40 µs), which already carries that
 * fingerprint; `getPeerX509Certificate()` costs ~110 µs on its first call for a connection.
 */
export function identifySocketPeer(socket: TLSSocket, access: ProjectAccess, now: Date): { chain: readonly Buffer[]; result: PeerIdentityResult } {
  const peer = socket.getPeerCertificate(false) as Partial<PeerCertificate> | null;
  const leaf = peer?.raw === undefined || typeof peer.fingerprint256 !== "string" ? undefined : leafKey(peer.fingerprint256);
  const entries = byAnchors.get(access.anchors);
  const known = leaf === undefined ? undefined : entries?.get(leaf);
  const at = now.getTime();
  if (known !== undefined && at >= known.notBefore && at <= known.notAfter) return { chain: known.chain, result: known.result };
  const chain = peerChain(socket);
  const result = identifyPeerCached(chain, access, now);
  if (result.ok && leaf !== undefined) {
    const remembered = byAnchors.get(access.anchors)?.get(chainKey(chain));
    if (remembered !== undefined) byAnchors.get(access.anchors)?.set(leaf, remembered);
  }
  return { chain, result };
}

function leafKey(fingerprint256: string): string {
  return `leaf:${fingerprint256}`;
}
