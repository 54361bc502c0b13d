/**
 * A project's certificate policy (certgate extension): the longest lifetime a short-lived certificate
 * (one asked for with `validity`, an ISO 8601 duration) may have in the project. Atlas's
 * `monthsUntilExpiration` keeps its own rule (1 to 24 months) and is not limited by it.
 */
import { formatDuration, parseDuration } from "../pki/certificate-lifetime.js";
import { findCertificatePolicy, saveCertificatePolicy } from "../store/repos/certificate-policies.js";
import { authorizeProject } from "./authorize.js";
import { writeEvent, type CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import type { Actor } from "./types.js";

/** The maximum `validity` of a project that set none: 30 days. */
export const DEFAULT_MAX_VALIDITY_MS = 30 * 86_400_000;
/** The largest maximum a project may set: 731 days, as long as Atlas's 24 months can be. */
export const MAX_MAX_VALIDITY_MS = 731 * 86_400_000;

/** The policy as the API shows it. */
export interface CertificatePolicy {
  /** ISO 8601 duration, e.g. `P30D`. */
  maxValidity: string;
}

/** The project's maximum `validity` in milliseconds (no access check). */
export async function maxValidityMs(ctx: CoreContext, projectId: string): Promise<number> {
  const row = await findCertificatePolicy(ctx.store.db, projectId);
  return row === undefined ? DEFAULT_MAX_VALIDITY_MS : Number(row.max_validity_seconds) * 1000;
}

/** The project's policy (any project role may read it). */
export async function getCertificatePolicy(ctx: CoreContext, actor: Actor, groupId: string): Promise<CertificatePolicy> {
  await authorizeProject(ctx, actor, groupId, "PROJECT_READ");
  return { maxValidity: formatDuration(await maxValidityMs(ctx, groupId)) };
}

/** Parses a duration field or refuses it naming the field and the accepted form. */
export function parseDurationField(value: unknown, field: string): number {
  const ms = typeof value === "string" ? parseDuration(value) : undefined;
  if (ms === undefined || ms <= 0) {
    throw new CoreError(
      "INVALID_ATTRIBUTE",
      `Invalid attribute ${field} specified: expected an ISO 8601 duration of weeks, days, hours, minutes or seconds such as "PT8H", "P2D" or "P1DT12H", got ${JSON.stringify(value)}.`,
      [field],
    );
  }
  return ms;
}

/** Sets the project's maximum (Project Owner), from 5 minutes to 731 days. */
export async function setCertificatePolicy(ctx: CoreContext, actor: Actor, groupId: string, input: { maxValidity?: unknown }): Promise<CertificatePolicy> {
  const project = await authorizeProject(ctx, actor, groupId, "USER_SECURITY_WRITE");
  if (input.maxValidity === undefined) {
    throw new CoreError("MISSING_ATTRIBUTE", "The required attribute maxValidity was not specified.", ["maxValidity"]);
  }
  const ms = parseDurationField(input.maxValidity, "maxValidity");
  if (ms < 5 * 60_000 || ms > MAX_MAX_VALIDITY_MS || ms % 1000 !== 0) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute maxValidity specified: it must be from PT5M to P731D in whole seconds.", ["maxValidity"]);
  }
  const now = ctx.clock.now().toISOString();
  await ctx.store.transaction(async (tx) => {
    await saveCertificatePolicy(tx, { project_id: groupId, max_validity_seconds: ms / 1000, updated_at: now });
    await writeEvent(ctx, tx, {
      type: "USER_SECURITY_SETTINGS_UPDATED",
      orgId: project.org_id,
      projectId: groupId,
      actor,
      target: `maxValidity ${formatDuration(ms)}`,
    });
  });
  return { maxValidity: formatDuration(ms) };
}
