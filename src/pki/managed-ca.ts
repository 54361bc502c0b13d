/**
 * A project's managed certificate authority: the self-signed CA that issues MANAGED users' certificates.
 *
 * Shape of the CA certificate:
 * - subject and issuer `CN=certgate project <projectId> CA <generation>,O=certgate`; the generation
 *   number keeps the subjects of a project's successive CAs apart, because TLS stacks look issuers up
 *   by subject name;
 * - basicConstraints `CA:TRUE, pathlen:0` (critical): it signs end-entity certificates only;
 * - keyUsage `keyCertSign, cRLSign` (critical); subject and authority key identifiers;
 * - valid from one hour before creation (clock skew) for 10 years by default;
 * - RSA-4096 by default, like Atlas's CA (its certificates are `sha256WithRSAEncryption`); one RSA-4096
 *   signature costs a few milliseconds, small beside the rest of an issue. EC P-256/P-384 on request.
 *
 * The private key leaves this module only sealed under the master key, bound to the CA's id.
 */
import { addCalendarMonths } from "./calendar-months.js";
import { renderCertificateSubject } from "./dn/index.js";
import { DEFAULT_KEY_ALGORITHM, type KeyAlgorithm } from "./key-algorithms.js";
import type { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";
import { createSelfSignedCa } from "./self-signed-ca.js";
import { x509 } from "./x509-lib.js";

/** Default lifetime of a managed CA, in years. */
export const DEFAULT_CA_VALIDITY_YEARS = 10;

/** How far notBefore is set back from the creation time, for clients whose clocks run behind. */
export const BACKDATE_MS = 60 * 60 * 1000;

/** A managed CA as stored: public certificate plus the sealed private key. */
export interface ManagedCaRecord {
  /** The store's id of this CA; the sealed key is bound to it. */
  readonly caId: string;
  readonly projectId: string;
  /** 1 for a project's first CA, one more for each rotation. */
  readonly generation: number;
  readonly certificatePem: string;
  /** PKCS#8 DER private key sealed by `sealCaPrivateKey(masterKey, caId, ...)`. */
  readonly sealedPrivateKey: Buffer;
  /** The subject in certgate's canonical RFC 2253 form. */
  readonly subject: string;
  readonly serial: bigint;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keyAlgorithm: KeyAlgorithm;
}

/** What {@link createManagedCa} needs. */
export interface CreateManagedCaParams {
  /** Id the store will give this CA; chosen by the caller before creation so the key can be bound to it. */
  caId: string;
  projectId: string;
  masterKey: MasterKey;
  /** Defaults to 1. */
  generation?: number;
  /** Defaults to RSA_4096. */
  keyAlgorithm?: KeyAlgorithm;
  /** Whole years; defaults to 10. */
  validityYears?: number;
  now?: Date;
}

/** The subject attributes of a managed CA, in DER order (O first, CN last). */
function caSubject(projectId: string, generation: number): x509.JsonNameParams {
  return [
    { "2.5.4.10": [{ utf8String: "certgate" }] },
    { "2.5.4.3": [{ utf8String: `certgate project ${projectId} CA ${generation}` }] },
  ];
}

/** Drops milliseconds: X.509 times have whole seconds, and the record must equal what the certificate says. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/** Creates a new self-signed managed CA. */
export async function createManagedCa(params: CreateManagedCaParams): Promise<ManagedCaRecord> {
  const generation = params.generation ?? 1;
  const validityYears = params.validityYears ?? DEFAULT_CA_VALIDITY_YEARS;
  const keyAlgorithm = params.keyAlgorithm ?? DEFAULT_KEY_ALGORITHM;
  if (params.caId === "") throw new PkiError("INVALID_ARGUMENT", "managed CA id must not be empty");
  if (params.projectId === "") throw new PkiError("INVALID_ARGUMENT", "project id of a managed CA must not be empty");
  if (!Number.isInteger(generation) || generation < 1) {
    throw new PkiError("INVALID_ARGUMENT", `managed CA generation must be a positive integer, got ${generation}`);
  }
  if (!Number.isInteger(validityYears) || validityYears < 1 || validityYears > 30) {
    throw new PkiError("INVALID_ARGUMENT", `managed CA validity must be 1 to 30 whole years, got ${validityYears}`);
  }
  const now = wholeSeconds(params.now ?? new Date());
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = addCalendarMonths(now, validityYears * 12);
  const ca = await createSelfSignedCa({
    subject: new x509.Name(caSubject(params.projectId, generation)),
    keyAlgorithm,
    notBefore,
    notAfter,
    masterKey: params.masterKey,
    keyId: params.caId,
  });

  return {
    caId: params.caId,
    projectId: params.projectId,
    generation,
    certificatePem: ca.certificatePem,
    sealedPrivateKey: ca.sealedPrivateKey,
    subject: renderCertificateSubject(ca.certificateDer),
    serial: ca.serial,
    notBefore,
    notAfter,
    keyAlgorithm,
  };
}

/**
 * Rotation: creates the next CA of a project beside the existing ones (which stay stored and, while
 * they have live certificates, trusted; see `trustedManagedCas`). New issuance uses the newest.
 */
export function rotateManagedCa(
  existing: readonly Pick<ManagedCaRecord, "generation">[],
  params: Omit<CreateManagedCaParams, "generation">,
): Promise<ManagedCaRecord> {
  const generation = existing.reduce((max, ca) => Math.max(max, ca.generation), 0) + 1;
  return createManagedCa({ ...params, generation });
}
