/**
 * Certificate revocation lists signed by a managed CA (X.509 v2 CRLs, RFC 5280 §5), for exporting to
 * a real mongod's `net.tls.CRLFile` and for anyone else who checks revocation offline.
 *
 * Each CRL carries the CA's authorityKeyIdentifier and a CRL number that the caller increases with
 * every CRL it publishes (RFC 5280 §5.2.3), and one entry per revoked certificate with its
 * revocation time and, unless unspecified, its reason code.
 */
import { KeyObject, sign } from "node:crypto";
import { id_ce_cRLNumber } from "@peculiar/asn1-x509";
import { openCaSigner, type CaSigner, type SigningCaRecord } from "./ca-signer.js";
import { signatureAlgorithmIdentifier } from "./signature-algorithm-identifier.js";
import { DER_TAG, derOid, derSequence, derTagged, derTime, derUnsignedInteger } from "./der.js";
import type { MasterKey } from "./master-key.js";
import { derSequenceSliced, encodePemSliced } from "./sliced-encoding.js";
import { wholeSeconds } from "./managed-ca.js";
import { PkiError } from "./pki-error.js";
import { x509 } from "./x509-lib.js";
import { nextEventLoopTurn } from "../shared/event-loop-turn.js";

/** Reason codes of RFC 5280 §5.3.1, by name; code 7 is unassigned. */
export const CRL_REASONS = [
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "removeFromCRL",
  "privilegeWithdrawn",
  "aACompromise",
] as const;

/** A revocation reason. */
export type CrlReason = (typeof CRL_REASONS)[number];

const REASON_CODES: Readonly<Record<CrlReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

/** One revoked certificate. */
export interface RevokedCertificate {
  readonly serial: bigint;
  readonly revokedAt: Date;
  readonly reason?: CrlReason;
}

/** What {@link createCrl} needs. */
export interface CreateCrlParams {
  ca: SigningCaRecord;
  masterKey: MasterKey;
  /** The CA's id, which the sealed key is bound to. */
  caId: string;
  revoked: readonly RevokedCertificate[];
  /** Monotonically increasing per CA; at most 20 octets (RFC 5280 §5.2.3). */
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** The largest CRL number RFC 5280 allows (20 octets). */
const MAX_CRL_NUMBER = (1n << 159n) - 1n;
/** Entries encoded between two yields to the event loop, so a CRL of any size never blocks it for long. */
const ENTRIES_PER_SLICE = 1000;
/** The reasonCode CRL entry extension's OID, 2.5.29.21, as DER. */
const REASON_CODE_OID = derOid("2.5.29.21");
/** TBSCertList version v2 (INTEGER 1). */
const VERSION_2 = Buffer.from([0x02, 0x01, 0x01]);

function checkParams(params: CreateCrlParams): void {
  if (params.crlNumber < 0n || params.crlNumber > MAX_CRL_NUMBER) {
    throw new PkiError("INVALID_ARGUMENT", `CRL number must be from 0 to 2^159-1, got ${params.crlNumber}`);
  }
  if (params.nextUpdate.getTime() <= params.thisUpdate.getTime()) {
    throw new PkiError(
      "INVALID_ARGUMENT",
      `CRL nextUpdate ${params.nextUpdate.toISOString()} must be after thisUpdate ${params.thisUpdate.toISOString()}`,
    );
  }
}

/** One revokedCertificates entry: serial, revocation date and, unless unspecified, the reason code. */
function encodeEntry(entry: RevokedCertificate): Buffer {
  const parts = [derUnsignedInteger(entry.serial), derTime(wholeSeconds(entry.revokedAt))];
  if (entry.reason !== undefined && entry.reason !== "unspecified") {
    const reason = derTagged(DER_TAG.enumerated, [Buffer.from([REASON_CODES[entry.reason]])]);
    parts.push(derSequence([derSequence([REASON_CODE_OID, derTagged(DER_TAG.octetString, [reason])])]));
  }
  return derSequence(parts);
}

/**
 * Every entry, encoded in slices with a yield between them; duplicates and non-positive serials are
 * refused (a Set, so the check is linear).
 */
async function encodeEntries(revoked: readonly RevokedCertificate[]): Promise<Buffer[]> {
  const seen = new Set<bigint>();
  const encoded: Buffer[] = [];
  for (let start = 0; start < revoked.length; start += ENTRIES_PER_SLICE) {
    if (start > 0) await nextEventLoopTurn();
    for (const entry of revoked.slice(start, start + ENTRIES_PER_SLICE)) {
      if (entry.serial <= 0n) throw new PkiError("INVALID_ARGUMENT", `revoked serial must be positive, got ${entry.serial}`);
      if (seen.has(entry.serial)) throw new PkiError("INVALID_ARGUMENT", `serial ${entry.serial} is listed twice in the CRL`);
      seen.add(entry.serial);
      encoded.push(encodeEntry(entry));
    }
  }
  return encoded;
}

/** Signs on libuv's thread pool (ECDSA signatures come out DER-encoded, as X.509 wants them). */
function signOffThread(signer: CaSigner, data: Buffer): Promise<Buffer> {
  const key = KeyObject.from(signer.privateKey);
  const hash = signer.signingAlgorithm.hash.replace("-", "").toLowerCase();
  return new Promise((resolve, reject) => {
    sign(hash, data, { key, dsaEncoding: "der" }, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}

/**
 * Builds and signs a CRL; returns it as PEM text (`-----BEGIN X509 CRL-----`). See {@link createCrlPem}.
 */
export async function createCrl(params: CreateCrlParams): Promise<string> {
  return (await createCrlPem(params)).toString("latin1");
}

/**
 * Builds and signs a CRL; returns its PEM as bytes, ready to send.
 *
 * The CRL is assembled as DER directly, in time linear in the number of entries; the entries are
 * encoded, joined and turned into PEM in slices, so that a CRL of 100,000 entries never holds the
 * event loop for long; the signature is computed off the event loop.
 */
export async function createCrlPem(params: CreateCrlParams): Promise<Buffer> {
  checkParams(params);
  const signer = await openCaSigner(params.ca, params.masterKey, params.caId);
  const entries = await encodeEntries(params.revoked);
  const signatureAlgorithm = signatureAlgorithmIdentifier(signer.signingAlgorithm);
  const extensions = derSequence([
    Buffer.from(new x509.AuthorityKeyIdentifierExtension(signer.keyId, false).rawData),
    Buffer.from(new x509.Extension(id_ce_cRLNumber, false, derUnsignedInteger(params.crlNumber)).rawData),
  ]);
  const tbs = derSequence([
    VERSION_2,
    signatureAlgorithm,
    Buffer.from(signer.certificate.subjectName.toArrayBuffer()),
    derTime(wholeSeconds(params.thisUpdate)),
    derTime(wholeSeconds(params.nextUpdate)),
    ...(entries.length === 0 ? [] : [await derSequenceSliced(entries)]),
    derTagged(DER_TAG.explicit0, [extensions]),
  ]);
  const signature = await signOffThread(signer, tbs);
  const crl = derSequence([tbs, signatureAlgorithm, derTagged(DER_TAG.bitString, [Buffer.from([0]), signature])]);
  // RFC 7468 §5 labels a CRL "X509 CRL"; OpenSSL reads no other label.
  return encodePemSliced("X509 CRL", crl);
}
