/**
 * Bulk history for the scale benchmark, written by the database itself (`INSERT ... SELECT` over a
 * generated sequence, in chunks) so that a million rows take seconds, not the API's hours.
 *
 * For `records` certificate records the project gets `records / 10` managed `$external` users with ten
 * certificates each (three months apiece, issued back to back), one activity event per certificate,
 * and 5% of the records revoked. Per user: certificates 0..7 have expired, 8 expires in 31..90 days
 * (5 days for the first {@link EXPIRING_USERS} users, which the 30-day expiry alert finds) and 9 in
 * 95..180 days. The revoked 5% are all unexpired (every other user's newest certificate), so each one
 * is a CRL entry: the worst case for the CRL and for the gateway's revoked set.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../src/store/schema.js";
import type { StoreDialect } from "../../src/store/index.js";

/** Users whose certificate 8 expires inside the 30-day alert threshold, at every size. */
export const EXPIRING_USERS = 50;
/** Certificates per user. */
export const CERTS_PER_USER = 10;
const CHUNK = 50_000;
const DAY_S = 86_400;

/** What the seeding wrote. */
export interface SeededHistory {
  users: number;
  certificates: number;
  revoked: number;
  events: number;
}

/** Writes the history of {@link SeededHistory} into `projectId`, its records signed (nominally) by `caId`. */
export async function seedHistory(
  db: Kysely<Database>,
  dialect: StoreDialect,
  params: { orgId: string; projectId: string; caId: string; records: number; now: Date },
): Promise<SeededHistory> {
  const { orgId, projectId, caId, records } = params;
  const users = Math.floor(records / CERTS_PER_USER);
  const nowS = Math.floor(params.now.getTime() / 1000);
  const iso = (seconds: string) =>
    dialect === "sqlite"
      ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${seconds}, 'unixepoch')`
      : `to_char(to_timestamp(${seconds}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const series = (from: number, to: number) =>
    dialect === "sqlite"
      ? `with recursive s(i) as (select ${from} union all select i + 1 from s where i < ${to})`
      : `with s as (select generate_series(${from}, ${to})::bigint as i)`;
  const run = async (text: string) => {
    await sql.raw(text).execute(db);
  };
  const chunks = async (count: number, write: (from: number, to: number) => Promise<void>) => {
    for (let from = 0; from < count; from += CHUNK) await write(from, Math.min(count, from + CHUNK) - 1);
  };

  await chunks(users, (from, to) =>
    run(`${series(from, to)}
      insert into database_users (id, project_id, database_name, username, x509_type, ldap_auth_type, aws_iam_type, oidc_auth_type,
        password_hash, roles, scopes, labels, description, delete_after_date, created_at, updated_at)
      select 'bench-user-' || i, '${projectId}', '$external', 'user-' || i, 'MANAGED', 'NONE', 'NONE', 'NONE',
        null, '[{"roleName":"readWrite","databaseName":"app"}]', '[]', '[]', null, null,
        ${iso(`${nowS - 3 * 365 * DAY_S} + i`)}, ${iso(`${nowS - 3 * 365 * DAY_S} + i`)}
      from s`),
  );
  // user u = i / 10, certificate k = i % 10; offset in days of certificate 8's expiry.
  const offsetDays = `(case when (i / ${CERTS_PER_USER}) < ${EXPIRING_USERS} then 5 else 31 + (i / ${CERTS_PER_USER}) % 60 end)`;
  const notAfter = `(${nowS} + ((i % ${CERTS_PER_USER}) - 8) * ${90 * DAY_S} + ${offsetDays} * ${DAY_S})`;
  const revoked = `(i % 20 = 9)`;
  await chunks(records, (from, to) =>
    run(`${series(from, to)}
      insert into certificates (id, project_id, ca_id, database_user_id, username, serial, subject, not_before, not_after, created_at, revoked_at, revocation_seq)
      select 'bench-cert-' || i, '${projectId}', '${caId}', 'bench-user-' || (i / ${CERTS_PER_USER}), 'user-' || (i / ${CERTS_PER_USER}),
        cast(${10n ** 15n} + i as text), 'CN=user-' || (i / ${CERTS_PER_USER}),
        ${iso(`${notAfter} - ${90 * DAY_S}`)}, ${iso(notAfter)}, ${iso(`${notAfter} - ${90 * DAY_S}`)},
        case when ${revoked} then ${iso(`${notAfter} - ${60 * DAY_S}`)} else null end,
        case when ${revoked} then i / 20 + 1 else null end
      from s`),
  );
  const revokedCount = Math.floor((records + 10) / 20);
  await db
    .insertInto("change_counters")
    .values({ project_id: projectId, version: 1, revocation_version: revokedCount })
    .onConflict((oc) => oc.column("project_id").doUpdateSet({ revocation_version: revokedCount }))
    .execute();
  await chunks(records, (from, to) =>
    run(`${series(from, to)}
      insert into events (id, org_id, project_id, event_type, actor, target, created_at)
      select 'bench-event-' || i, '${orgId}', '${projectId}', 'MONGODB_USER_X509_CERT_CREATED', 'bench', 'user-' || (i / ${CERTS_PER_USER}),
        ${iso(`${nowS - 3 * 365 * DAY_S} + i * 60`)}
      from s`),
  );
  if (dialect === "postgres") await run("analyze");
  else await run("analyze");
  return { users, certificates: records, revoked: revokedCount, events: records };
}
