/**
 * Whether a verified certificate may act as a stored database user on one cluster, and with which
 * privileges. Used when a connection authenticates and again whenever the project changes.
 */
import type { DatabaseUser } from "../../core/index.js";
import type { ConnectionAuth } from "../authz/index.js";
import type { RefusalReason } from "./gateway-events.js";
import { compileRoles } from "./compiled-roles.js";
import type { PeerIdentity } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";

/** The outcome of {@link grantFor}: the connection's authorization, or mongod's refusal kind and a reason for logs. */
export type GrantResult =
  | { ok: true; auth: ConnectionAuth }
  | {
      ok: false;
      refusal: "UserNotFound" | "AuthenticationFailed";
      /** The refusal's kind, for the refusal log and metrics. */
      kind: RefusalReason;
      reason: string;
      /** What the client is told, when not mongod's masked text. */
      message?: string;
    };

/** The x509Type a user must have for a certificate from `identity`'s anchor. */
function expectedType(identity: PeerIdentity): DatabaseUser["x509Type"] {
  return identity.anchorKind === "managed" ? "MANAGED" : "CUSTOMER";
}

/** A user scoped to named clusters exists only on those clusters. */
function inScope(user: DatabaseUser, clusterName: string): boolean {
  const clusters = user.scopes.filter((scope) => scope.type === "CLUSTER");
  return clusters.length === 0 || clusters.some((scope) => scope.name === clusterName);
}

/** The refusal of a revoked managed certificate. */
export function revokedRefusal(identity: PeerIdentity): GrantResult & { ok: false } {
  return { ok: false, refusal: "AuthenticationFailed", kind: "revoked", reason: `certificate serial ${identity.serial} of "${identity.subject}" is revoked` };
}

/**
 * Checks revocation, the user's existence, type and scope, and compiles the user's roles.
 * `user` is the stored user named `identity.userName` in `$external`, if any.
 */
export function grantFor(identity: PeerIdentity, user: DatabaseUser | undefined, access: ProjectAccess, clusterName: string): GrantResult {
  if (identity.anchorKind === "managed" && access.revokedSerials.has(identity.serial)) return revokedRefusal(identity);
  if (user === undefined || !inScope(user, clusterName)) {
    return { ok: false, refusal: "UserNotFound", kind: "user not found", reason: `no $external user "${identity.userName}" on cluster ${clusterName}` };
  }
  if (user.x509Type !== expectedType(identity)) {
    return {
      ok: false,
      refusal: "AuthenticationFailed",
      kind: "wrong x509Type",
      reason: `user "${user.username}" has x509Type ${user.x509Type} but the certificate comes from a ${identity.anchorKind} CA`,
    };
  }
  try {
    const resolved = compileRoles(user.roles, access.customRoles);
    return { ok: true, auth: { user: { user: identity.subject, db: "$external" }, resolved } };
  } catch (error) {
    return { ok: false, refusal: "AuthenticationFailed", kind: "roles", reason: `roles of "${user.username}" cannot be resolved: ${error instanceof Error ? error.message : String(error)}` };
  }
}
