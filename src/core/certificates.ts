/** Managed X.509 certificates: issue (Atlas), list (Atlas), revoke and CRL (certgate extensions). */
import { readCertificateRequest } from "../pki/certificate-request.js";
import { formatDuration } from "../pki/certificate-lifetime.js";
import { createCrlPem, type RevokedCertificate } from "../pki/crl.js";
import type { PublishedCrl } from "./crl-cache.js";
import { prepareUserCertificate, type IssuedUserCertificate } from "../pki/issue-user-certificate.js";
import { PkiError } from "../pki/pki-error.js";
import { trustedManagedCas, type IssuedCertificateSummary } from "../pki/managed-ca-trust.js";
import { isForeignKeyViolation, isUniqueViolation } from "../store/constraint-errors.js";
import {
  findUserCertificate,
  forgetUnissuedCertificate,
  isSerialTaken,
  listCertificates,
  listRevokedCertificates,
  recordCertificate,
  revokeCertificate,
  type CertificateRow,
} from "../store/repos/certificates.js";
import { readProjectVersions } from "../store/repos/change-counters.js";
import { listManagedCas, type ManagedCaRow } from "../store/repos/managed-cas.js";
import { findDatabaseUser, type DatabaseUserRow } from "../store/repos/database-users.js";
import { deleteEvent } from "../store/repos/events.js";
import { authorizeProject } from "./authorize.js";
import { maxValidityMs, parseDurationField } from "./certificate-policy.js";
import { markChanged, markRevocationChange, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import type { ListCertificatesParams } from "./core.js";
import { atlasTime, newId } from "./ids.js";
import { ensureIssuingCa, toCaRecord } from "./managed-cas.js";
import { pageOfRows, parsePageRequest } from "./paging.js";
import { findUserByTypedName } from "./user-lookup.js";
import type { Actor, IssueCertificateParams, IssuedCertificate, Page, UserCert } from "./types.js";

/** Atlas's default `monthsUntilExpiration`. */
export const DEFAULT_CERTIFICATE_MONTHS = 3;
/** Atlas's largest `monthsUntilExpiration`. */
export const MAX_CERTIFICATE_MONTHS = 24;
/** How long a CRL stays current: consumers should fetch a new one at least this often. */
const CRL_VALIDITY_MS = 7 * 24 * 3600 * 1000;

function checkMonths(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_CERTIFICATE_MONTHS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute monthsUntilExpiration specified.", ["monthsUntilExpiration"]);
  }
  if (value > MAX_CERTIFICATE_MONTHS) {
    throw new CoreError(
      "CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS",
      "Atlas-generated X.509 certificates have a maximum expiration of 24 months.",
    );
  }
  return value;
}

/** The `$external` user a certificate path names; a user of that name elsewhere is not X.509-managed. */
async function requireExternalUser(ctx: CoreContext, groupId: string, username: string): Promise<DatabaseUserRow> {
  const row = await findUserByTypedName(ctx.store.db, groupId, "$external", username);
  if (row !== undefined) return row;
  if ((await findDatabaseUser(ctx.store.db, groupId, "admin", username)) !== undefined) throw notManaged();
  throw new CoreError("USERNAME_NOT_FOUND", `No user with username ${username} exists.`, [username]);
}

function notManaged(): CoreError {
  return new CoreError("USER_NOT_MANAGED_X509", "The user does not have managed mode X.509 enabled.");
}

/** `createdAt` is when certgate issued the certificate (its notBefore is backdated for clock skew). */
function toUserCert(row: CertificateRow): UserCert {
  const cert: UserCert = {
    _id: BigInt(row.serial),
    createdAt: atlasTime(row.created_at),
    groupId: row.project_id,
    notAfter: atlasTime(row.not_after),
    subject: row.subject,
  };
  if (row.revoked_at !== null) cert.revokedAt = atlasTime(row.revoked_at);
  return cert;
}

/** A certificate's lifetime from the request: Atlas's months, or (extension) a `validity` within the project's maximum. */
async function requestedLifetime(ctx: CoreContext, groupId: string, params: IssueCertificateParams): Promise<{ months: number } | { durationMs: number }> {
  if (params.validity === undefined || params.validity === null) return { months: checkMonths(params.monthsUntilExpiration) };
  if (params.monthsUntilExpiration !== undefined && params.monthsUntilExpiration !== null) {
    throw new CoreError(
      "INVALID_ATTRIBUTE",
      "Invalid attribute validity specified: give monthsUntilExpiration or validity, not both.",
      ["validity"],
    );
  }
  const durationMs = parseDurationField(params.validity, "validity");
  const max = await maxValidityMs(ctx, groupId);
  if (durationMs > max) {
    throw new CoreError(
      "CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM",
      `A certificate of this project may live at most ${formatDuration(max)}; ${formatDuration(durationMs)} was asked for. A Project Owner can raise the limit (PATCH /groups/{groupId}/certificatePolicy).`,
      [formatDuration(durationMs), formatDuration(max)],
    );
  }
  if (durationMs < 5 * 60_000) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute validity specified: a certificate must live at least PT5M.", ["validity"]);
  }
  return { durationMs };
}

/** The public key of a CSR, verified and checked against the key policy; undefined without one. */
async function requestedPublicKey(csr: unknown): Promise<Buffer | undefined> {
  if (csr === undefined || csr === null) return undefined;
  if (typeof csr !== "string") throw new CoreError("INVALID_CSR", "The csr attribute must be the PEM text of a PKCS#10 certificate signing request.", ["csr"]);
  try {
    return (await readCertificateRequest(csr)).spkiDer;
  } catch (error) {
    if (error instanceof PkiError && (error.code === "INVALID_CSR" || error.code === "KEY_NOT_ALLOWED")) {
      const code = error.code === "INVALID_CSR" ? "INVALID_CSR" : "CSR_KEY_NOT_ALLOWED";
      throw new CoreError(code, `The certificate signing request was refused: ${error.message}.`, ["csr"], { cause: error });
    }
    throw error;
  }
}

/** What {@link signAndRecord} needs beyond the context. */
interface SignRequest {
  project: { org_id: string };
  groupId: string;
  user: DatabaseUserRow;
  lifetime: { months: number } | { durationMs: number };
  publicKeySpki: Buffer | undefined;
  actor: Actor | "certgate";
  /** Appended to the event's target, e.g. how the certificate was renewed. */
  note?: string;
  /** A certificate to revoke in the same transaction (renewal with revocation). */
  revokeCertificateId?: string;
}

/**
 * Signs a certificate for a MANAGED user with the project's issuing CA and records it in one
 * transaction with its event. If the user is deleted while the certificate is signed, the record's
 * foreign key refuses it and the caller gets USERNAME_NOT_FOUND: no certificate record ever outlives
 * the check of its user.
 *
 * Everything the record holds is settled before the CA signs, so a plain issue records the certificate
 * while its signature is computed in the threadpool and starts syncing that record to disk at once:
 * the response then waits for the longer of the two rather than for both in turn. Should the signature
 * fail, the record and its event are removed again before the error is answered (nobody has seen them
 * then). A renewal that revokes the presented certificate signs first, so that a failed signature
 * never leaves a revocation behind.
 *
 * The serial is drawn at random and not looked up first: the unique index on (CA, serial) refuses a
 * serial the CA has used, and only then is a new one drawn and the certificate signed again (among
 * 2^63 values that happens next to never, so the lookup every issue made before was pure cost).
 */
export async function signAndRecord(ctx: CoreContext, request: SignRequest): Promise<IssuedCertificate> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await signAndRecordOnce(ctx, request);
    } catch (error) {
      if (!(error instanceof SerialClash)) throw error;
      if (attempt >= SERIAL_ATTEMPTS) {
        throw new PkiError("SERIAL_EXHAUSTED", `the CA refused ${attempt} drawn serials as already used; is the serial source random?`, { cause: error });
      }
    }
  }
}

/** Serials drawn for one certificate before giving up. */
const SERIAL_ATTEMPTS = 4;

/** The certificate's serial is one its CA already used; the record was refused and nothing is kept. */
class SerialClash extends Error {}

async function signAndRecordOnce(ctx: CoreContext, request: SignRequest): Promise<IssuedCertificate> {
  const { groupId, user } = request;
  const ca = await ensureIssuingCa(ctx, groupId);
  const now = ctx.clock.now();
  const prepared = await prepareUserCertificate({
    ca: toCaRecord(ca),
    masterKey: ctx.masterKey,
    caId: ca.id,
    username: user.username,
    ...request.lifetime,
    ...(request.publicKeySpki === undefined ? { keyAlgorithm: ctx.userKeyAlgorithm, keyPool: ctx.keyPool } : { publicKeySpki: request.publicKeySpki }),
    signerCache: ctx.signerCache,
    now,
    drawSerialNumber: ctx.drawSerialNumber,
  });
  const signedFirst = request.revokeCertificateId === undefined ? undefined : await prepared.sign();
  const signing = signedFirst === undefined ? prepared.sign() : Promise.resolve(signedFirst);
  // Awaited below on every path; this only keeps a failure from counting as unhandled meanwhile.
  signing.catch(() => undefined);
  const certificateId = newId();
  let eventId: string;
  try {
    const recorded = await ctx.store.transaction(async (tx) => {
      await recordCertificate(tx, {
        id: certificateId,
        project_id: groupId,
        ca_id: ca.id,
        database_user_id: user.id,
        username: user.username,
        serial: prepared.serial.toString(),
        subject: prepared.subject,
        not_before: prepared.notBefore.toISOString(),
        not_after: prepared.notAfter.toISOString(),
        created_at: now.toISOString(),
        revoked_at: null,
      });
      if (request.revokeCertificateId !== undefined) {
        await revokeCertificate(tx, request.revokeCertificateId, now.toISOString(), await markRevocationChange(tx, groupId));
      }
      const event = await writeEvent(ctx, tx, {
        type: "MONGODB_USER_X509_CERT_CREATED",
        orgId: request.project.org_id,
        projectId: groupId,
        actor: request.actor,
        target: `${user.username} serial ${prepared.serial}${request.note === undefined ? "" : ` ${request.note}`}`,
      });
      return { event, change: await markChanged(tx, { projectId: groupId, kind: "CERTIFICATES" }) };
    });
    eventId = recorded.event;
    // The sync that the response waits for starts now, beside the signature rather than after it.
    ctx.store.commits.durable(ctx.store.commits.writeMark()).catch(() => undefined);
    ctx.notifier.emit(recorded.change);
  } catch (error) {
    await signing.catch(() => undefined);
    if (isForeignKeyViolation(error)) {
      throw new CoreError("USERNAME_NOT_FOUND", `No user with username ${user.username} exists.`, [user.username], { cause: error });
    }
    if (isUniqueViolation(error) && (await isSerialTaken(ctx.store.db, ca.id, prepared.serial.toString()))) {
      throw new SerialClash(`serial ${prepared.serial} is already used by CA ${ca.id}`, { cause: error });
    }
    throw error;
  }
  let issued: IssuedUserCertificate;
  try {
    issued = await signing;
  } catch (error) {
    await ctx.store.transaction(async (tx) => {
      await forgetUnissuedCertificate(tx, certificateId);
      await deleteEvent(tx, eventId);
    });
    throw error;
  }
  return {
    pem: issued.pem,
    serial: issued.serial,
    subject: issued.subject,
    notBefore: atlasTime(issued.notBefore),
    notAfter: atlasTime(issued.notAfter),
    createdAt: atlasTime(now),
  };
}

/**
 * Issues a certificate to a MANAGED `$external` user: with a fresh key (Atlas), or (extension) for the
 * public key of a verified CSR, in which case the answer holds the certificate alone. The lifetime is
 * Atlas's `monthsUntilExpiration` or (extension) a short `validity` within the project's maximum.
 */
export async function issueCertificate(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  username: string,
  params: IssueCertificateParams = {},
): Promise<IssuedCertificate> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const lifetime = await requestedLifetime(ctx, groupId, params);
  const user = await requireExternalUser(ctx, groupId, username);
  if (user.x509_type !== "MANAGED") throw notManaged();
  const publicKeySpki = await requestedPublicKey(params.csr);
  return signAndRecord(ctx, { project, groupId, user, lifetime, publicKeySpki, actor, ...(publicKeySpki ? { note: "for a CSR" } : {}) });
}

/** The user's certificates, oldest first: unexpired and unrevoked ones (Atlas), or all with `includeExpired`. */
export async function listUserCertificates(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  username: string,
  params: ListCertificatesParams = {},
): Promise<Page<UserCert>> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  const window = parsePageRequest(params);
  const user = await requireExternalUser(ctx, groupId, username);
  const listed = await listCertificates(ctx.store.db, {
    databaseUserId: user.id,
    now: ctx.clock.now().toISOString(),
    includeExpired: params.includeExpired === true,
    includeCount: window.includeCount,
    offset: window.offset,
    limit: window.limit,
  });
  return pageOfRows(listed, toUserCert);
}

/** Revokes one of the user's certificates (certgate extension). */
export async function revokeUserCertificate(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  username: string,
  serial: bigint,
): Promise<UserCert> {
  const project = await authorizeProject(ctx, actor, groupId, "DATABASE_ACCESS_WRITE");
  const user = await requireExternalUser(ctx, groupId, username);
  const revokedAt = ctx.clock.now().toISOString();
  const { row, change } = await ctx.store.transaction(async (tx) => {
    const cert = await findUserCertificate(tx, user.id, serial.toString());
    if (cert === undefined) {
      throw new CoreError("CERTIFICATE_NOT_FOUND", `No certificate with serial ${serial} exists for user ${user.username}.`, [
        serial.toString(),
        user.username,
      ]);
    }
    if (cert.revoked_at !== null) {
      throw new CoreError("CERTIFICATE_ALREADY_REVOKED", `The certificate with serial ${serial} is already revoked.`, [serial.toString()]);
    }
    const revocationVersion = await markRevocationChange(tx, groupId);
    if (!(await revokeCertificate(tx, cert.id, revokedAt, revocationVersion))) {
      throw new CoreError("CERTIFICATE_ALREADY_REVOKED", `The certificate with serial ${serial} is already revoked.`, [serial.toString()]);
    }
    await writeEvent(ctx, tx, {
      type: "MONGODB_USER_X509_CERT_REVOKED",
      orgId: project.org_id,
      projectId: groupId,
      actor,
      target: `${user.username} serial ${serial}`,
    });
    const change = await markChanged(tx, { projectId: groupId, kind: "CERTIFICATES" });
    return { row: { ...cert, revoked_at: revokedAt, revocation_seq: revocationVersion }, change: { ...change, revocationVersion } };
  });
  ctx.notifier.emit(change);
  return toUserCert(row);
}

/**
 * The project's CRLs (certgate extension): one per managed CA that is still trusted, each listing the
 * unexpired certificates that CA issued and that were revoked, concatenated as mongod's `CRLFile` takes
 * them. The CRL number is the issue time in seconds, which grows with every CRL as RFC 5280 asks.
 * Served from the CRL cache: signed once per change of the project's revocations (see crl-cache.ts).
 */
export async function projectCrl(ctx: CoreContext, actor: Actor, groupId: string): Promise<PublishedCrl> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  return currentProjectCrl(ctx, groupId);
}

/** The project's current CRL, from the cache or built now (without an access check). */
export async function currentProjectCrl(ctx: CoreContext, groupId: string): Promise<PublishedCrl> {
  const [versions, cas] = await Promise.all([readProjectVersions(ctx.store.db, groupId), listManagedCas(ctx.store.db, groupId)]);
  const key = `${versions.revocationVersion}:${cas.map((ca) => ca.id).join(",")}`;
  return ctx.crlCache.get(groupId, key, () => buildProjectCrl(ctx, groupId, cas));
}

async function buildProjectCrl(ctx: CoreContext, groupId: string, rows: readonly ManagedCaRow[]): Promise<Buffer> {
  ctx.onCrlBuildStart(groupId);
  const now = ctx.clock.now();
  const byCa = new Map<string, RevokedCertificate[]>();
  const issued: IssuedCertificateSummary[] = [];
  for await (const page of listRevokedCertificates(ctx.store.db, groupId, now.toISOString())) {
    for (const row of page) {
      let entries = byCa.get(row.ca_id);
      if (entries === undefined) {
        entries = [];
        byCa.set(row.ca_id, entries);
        issued.push({ caId: row.ca_id, notAfter: new Date(row.not_after) });
      }
      entries.push({ serial: BigInt(row.serial), revokedAt: new Date(row.revoked_at) });
    }
  }
  const crls: Buffer[] = [];
  for (const ca of trustedManagedCas(rows.map(toCaRecord), issued, now)) {
    crls.push(
      await createCrlPem({
        ca,
        masterKey: ctx.masterKey,
        caId: ca.caId,
        revoked: byCa.get(ca.caId) ?? [],
        crlNumber: BigInt(Math.floor(now.getTime() / 1000)),
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
      }),
    );
  }
  return Buffer.concat(crls);
}
