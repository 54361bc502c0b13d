/**
 * Certificate records written straight into a store, for tests of what reads them at scale (retention,
 * CRLs, background jobs): organization o1, project p1 and managed CA ca1, then records of user alice.
 */
import type { Store } from "../../src/store/index.js";
import { recordCertificate } from "../../src/store/repos/certificates.js";
import { recordManagedCa } from "../../src/store/repos/managed-cas.js";
import { createOrganization, createProject } from "../../src/store/repos/organizations.js";

/** When the seeded organization, project and CA were created, and every record's notBefore. */
export const SEEDED_AT = "2020-01-01T00:00:00.000Z";

/** Organization o1, project p1 and its managed CA ca1. */
export async function seedProjectWithCa(store: Store): Promise<void> {
  await createOrganization(store.db, { id: "o1", name: "Org", created_at: SEEDED_AT });
  await createProject(store.db, { id: "p1", org_id: "o1", name: "Project 0", created_at: SEEDED_AT });
  await recordCa1(store);
}

/** Managed CA ca1 of `projectId` (an EC P-256 CA valid until 2036, with no usable key). */
export async function recordCa1(store: Store, projectId = "p1", createdAt = SEEDED_AT): Promise<void> {
  await recordManagedCa(store.db, {
    id: "ca1",
    project_id: projectId,
    generation: 1,
    key_algorithm: "EC_P256",
    certificate_pem: "PEM",
    sealed_private_key: "sealed",
    subject: "CN=ca",
    serial: "1",
    not_before: createdAt,
    not_after: "2036-01-01T00:00:00.000Z",
    created_at: createdAt,
    active: 1,
  });
}

/** A record of ca1 for alice with no user row, its serial taken from the digits of `id`. */
export async function recordAliceCertificate(store: Store, id: string, notAfter: Date, revokedAt: string | null = null): Promise<void> {
  await recordCertificate(store.db, {
    id,
    project_id: "p1",
    ca_id: "ca1",
    database_user_id: null,
    username: "alice",
    serial: `9${id.replace(/\D/g, "").padStart(6, "0")}`,
    subject: "CN=alice",
    not_before: SEEDED_AT,
    not_after: notAfter.toISOString(),
    created_at: SEEDED_AT,
    revoked_at: revokedAt,
  });
}

/** The ids of every certificate record left, sorted. */
export async function remainingCertificateIds(store: Store): Promise<string[]> {
  return (await store.db.selectFrom("certificates").select("id").orderBy("id").execute()).map((row) => row.id);
}
