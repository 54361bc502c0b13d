/** A managed X.509 user with its certificate and key on disk, for tests that connect a driver as it. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CoreFixture } from "../../support/core-harness.js";

/**
 * Creates `username` in the fixture's project as a managed X.509 user with readWrite on `databaseName`,
 * issues it a one-month certificate and writes the certificate and key to `<dir>/<username>.pem` (0600).
 * Returns that file's path and the certificate's serial.
 */
export async function managedUserPemFile(fixture: CoreFixture, dir: string, username: string, databaseName: string): Promise<{ file: string; serial: bigint }> {
  await fixture.core.databaseUsers.create(fixture.owner, fixture.projectId, {
    databaseName: "$external",
    username,
    x509Type: "MANAGED",
    roles: [{ roleName: "readWrite", databaseName }],
  });
  const issued = await fixture.core.certificates.issue(fixture.owner, fixture.projectId, username, { monthsUntilExpiration: 1 });
  const file = join(dir, `${username}.pem`);
  writeFileSync(file, issued.pem, { mode: 0o600 });
  return { file, serial: issued.serial };
}
