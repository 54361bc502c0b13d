/**
 * Which of a project's managed CAs the gateway trusts, which one issues, and when to rotate.
 *
 * After a rotation the old CA keeps vouching for the certificates it already issued:
 * - the newest CA is always trusted and is the only one that issues;
 * - an older CA stays trusted while it is unexpired and at least one certificate it issued is
 *   unexpired and unrevoked; once its last such certificate expires it drops out by itself.
 */
import { addCalendarMonths } from "./calendar-months.js";

/** The fields of a managed CA this module looks at. */
export interface ManagedCaSummary {
  readonly caId: string;
  readonly generation: number;
  readonly notAfter: Date;
}

/** The fields of an issued certificate this module looks at. */
export interface IssuedCertificateSummary {
  /** The CA that signed it. */
  readonly caId: string;
  readonly notAfter: Date;
  /** Set once revoked; a revoked certificate no longer keeps its CA trusted. */
  readonly revokedAt?: Date | null;
}

/** Longest lifetime of a managed user certificate, in months (Atlas's limit). */
export const MAX_CERTIFICATE_MONTHS = 24;

/** The CA that issues new certificates: the highest generation. */
export function newestManagedCa<T extends ManagedCaSummary>(cas: readonly T[]): T | undefined {
  let newest: T | undefined;
  for (const ca of cas) if (!newest || ca.generation > newest.generation) newest = ca;
  return newest;
}

/** The CAs to put in the gateway's trust store at `now`, newest first. */
export function trustedManagedCas<T extends ManagedCaSummary>(
  cas: readonly T[],
  issuedCertificates: readonly IssuedCertificateSummary[],
  now: Date,
): T[] {
  const newest = newestManagedCa(cas);
  const vouching = new Set<string>();
  for (const cert of issuedCertificates) {
    if (cert.notAfter.getTime() > now.getTime() && !cert.revokedAt) vouching.add(cert.caId);
  }
  return cas
    .filter((ca) => ca === newest || (ca.notAfter.getTime() > now.getTime() && vouching.has(ca.caId)))
    .sort((a, b) => b.generation - a.generation);
}

/**
 * True once the CA can no longer issue a certificate of the longest allowed lifetime, because
 * issuing refuses to outlive the CA; rotating then keeps every request satisfiable.
 */
export function managedCaNeedsRotation(ca: Pick<ManagedCaSummary, "notAfter">, now: Date): boolean {
  return addCalendarMonths(now, MAX_CERTIFICATE_MONTHS).getTime() > ca.notAfter.getTime();
}
