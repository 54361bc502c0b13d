/** `userSecurity`: the project's customer CA bundle (self-managed X.509); its `ldap` part lives in `ldap-settings.ts`. */
import { formatBundleProblems, validateCaBundle } from "../pki/ca-bundle.js";
import { deleteCustomerCas, findCustomerCas, replaceCustomerCas } from "../store/repos/customer-cas.js";
import { authorizeProject } from "./authorize.js";
import { readLdapView } from "./ldap-settings.js";
import { markChanged, writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import type { Actor, CustomerCaInfo, UserSecurity } from "./types.js";

const CAS_FIELD = "customerX509.cas";

/** Atlas's `UserSecurity` for a project. */
export async function readUserSecurity(ctx: CoreContext, projectId: string): Promise<UserSecurity> {
  const [row, ldap] = await Promise.all([findCustomerCas(ctx.store.db, projectId), readLdapView(ctx.store.db, projectId)]);
  return { customerX509: row === undefined ? {} : { cas: row.bundle_pem }, ldap: { ...ldap } };
}

/** The project's userSecurity (GROUP_OWNER, as Atlas's GET requires Project Owner). */
export async function getUserSecurity(ctx: CoreContext, actor: Actor, groupId: string): Promise<UserSecurity> {
  await authorizeProject(ctx, actor, groupId, "USER_SECURITY_READ");
  return readUserSecurity(ctx, groupId);
}

/**
 * Validates the bundle and stores it, replacing the previous one. A refused bundle raises one error that
 * lists every problem (position and subject of each certificate): EXPIRED_X509_CA_CERTIFICATE when expiry
 * is the only reason, INVALID_ATTRIBUTE `customerX509.cas` otherwise.
 */
export async function setCustomerCas(ctx: CoreContext, actor: Actor, groupId: string, cas: string): Promise<UserSecurity> {
  const project = await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  if (typeof cas !== "string" || cas.trim() === "") {
    throw new CoreError("MISSING_ATTRIBUTE", `The required attribute ${CAS_FIELD} was not specified.`, [CAS_FIELD]);
  }
  const now = ctx.clock.now();
  const verdict = validateCaBundle(cas, { now });
  if (!verdict.ok) {
    const problems = verdict.problems.length > 0 ? verdict.problems : [{ code: "NO_CERTIFICATE" as const, message: "the bundle holds no certificate" }];
    const fields = problems.map((p) => ({ field: CAS_FIELD, description: p.message }));
    if (problems.every((p) => p.code === "EXPIRED")) {
      throw new CoreError("EXPIRED_X509_CA_CERTIFICATE", `The X.509 CA certificate has expired. ${formatBundleProblems(problems)}`, [], {
        fields,
      });
    }
    throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${CAS_FIELD} specified. ${formatBundleProblems(problems)}`, [CAS_FIELD], {
      fields,
    });
  }
  const info: CustomerCaInfo[] = verdict.cas.map((ca) => ({
    position: ca.position,
    subject: ca.subject,
    notBefore: ca.notBefore.toISOString(),
    notAfter: ca.notAfter.toISOString(),
    sha256Fingerprint: ca.sha256Fingerprint,
  }));
  const change = await ctx.store.transaction(async (tx) => {
    await replaceCustomerCas(tx, { project_id: groupId, bundle_pem: cas, cas_info: JSON.stringify(info), uploaded_at: now.toISOString() });
    await ctx.onCustomerCasChanged(tx, groupId, now);
    await writeEvent(ctx, tx, {
      type: "USER_SECURITY_SETTINGS_UPDATED",
      orgId: project.org_id,
      projectId: groupId,
      actor,
      target: `customerX509: ${info.length} CA certificate(s)`,
    });
    return markChanged(tx, { projectId: groupId, kind: "CUSTOMER_CAS" });
  });
  ctx.notifier.emit(change);
  return readUserSecurity(ctx, groupId);
}

/** Turns self-managed X.509 off (Atlas answers with `customerX509: {}`); harmless when it was off. */
export async function disableCustomerX509(ctx: CoreContext, actor: Actor, groupId: string): Promise<UserSecurity> {
  const project = await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  const change = await ctx.store.transaction(async (tx) => {
    if (!(await deleteCustomerCas(tx, groupId))) return undefined;
    await ctx.onCustomerCasChanged(tx, groupId, ctx.clock.now());
    await writeEvent(ctx, tx, {
      type: "USER_SECURITY_SETTINGS_UPDATED",
      orgId: project.org_id,
      projectId: groupId,
      actor,
      target: "customerX509: disabled",
    });
    return markChanged(tx, { projectId: groupId, kind: "CUSTOMER_CAS" });
  });
  if (change !== undefined) ctx.notifier.emit(change);
  return readUserSecurity(ctx, groupId);
}

/** The stored per-certificate facts of the project's bundle (for alerts and the UI). */
export async function listCustomerCaInfo(ctx: CoreContext, projectId: string): Promise<CustomerCaInfo[]> {
  const row = await findCustomerCas(ctx.store.db, projectId);
  return row === undefined ? [] : (JSON.parse(row.cas_info) as CustomerCaInfo[]);
}
