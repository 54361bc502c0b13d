import { Double } from "bson";
import { resourceDocument, type ResourceDocument } from "./resource.js";
import type { HeldRole, ResolvedRoles } from "./role-resolver.js";

/** An authenticated principal as connectionStatus lists it. */
export interface AuthenticatedUser {
  user: string;
  db: string;
}

/** The user behind a connection and their resolved roles; null before authentication. */
export interface ConnectionAuth {
  user: AuthenticatedUser;
  resolved: ResolvedRoles;
}

/** The `authInfo` document of a connectionStatus reply. */
export interface AuthInfo {
  authenticatedUsers: AuthenticatedUser[];
  authenticatedUserRoles: HeldRole[];
  authenticatedUserPrivileges?: Array<{ resource: ResourceDocument; actions: string[] }>;
}

/**
 * Builds mongod's connectionStatus reply: the authenticated user, every role held (inherited ones too)
 * and, with `showPrivileges`, one entry per resource with the union of its actions. Collection-scoped
 * Atlas roles are listed with their `collection`, since a bare `{role, db}` would read as database-wide.
 */
export function connectionStatusReply(auth: ConnectionAuth | null, showPrivileges: boolean): { authInfo: AuthInfo; ok: Double } {
  const authInfo: AuthInfo = {
    authenticatedUsers: auth ? [{ user: auth.user.user, db: auth.user.db }] : [],
    authenticatedUserRoles: auth ? auth.resolved.roles.map((r) => ({ ...r })) : [],
  };
  if (showPrivileges) {
    authInfo.authenticatedUserPrivileges = auth
      ? auth.resolved.privileges.privileges().map((p) => ({ resource: resourceDocument(p.resource), actions: [...p.actions] }))
      : [];
  }
  return { authInfo, ok: new Double(1) };
}
