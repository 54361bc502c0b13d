/**
 * The privilege actions offered in the custom role dialog, grouped by the resource they apply to. The
 * lists are the core's (the same ones the API validates against), so the dialog offers exactly what
 * the server accepts.
 */
import { ADMIN_ONLY_ROLES, CUSTOM_ROLE_ACTIONS, DATABASE_SCOPED_ROLES, isCustomRoleAction, actionResourceKind } from "../../../src/roles/index.js";

/** A labelled group of actions for the dialog's select. */
export interface ActionGroup {
  label: string;
  actions: readonly string[];
}

/** Every action, by the resource it applies to. */
export const ACTION_GROUPS: readonly ActionGroup[] = [
  { label: "Database and collection", actions: CUSTOM_ROLE_ACTIONS.filter((a) => actionResourceKind(a) === "namespace") },
  { label: "Cluster", actions: CUSTOM_ROLE_ACTIONS.filter((a) => actionResourceKind(a) === "cluster") },
  { label: "Database, collection or cluster", actions: CUSTOM_ROLE_ACTIONS.filter((a) => actionResourceKind(a) === "any") },
];

/** Whether `action` applies to the cluster only, so the dialog proposes the cluster scope. */
export function isClusterAction(action: string): boolean {
  return isCustomRoleAction(action) && actionResourceKind(action) === "cluster";
}

/** Built-in roles a custom role may inherit, and whether each exists only on `admin`. */
export const INHERITABLE_ROLES: readonly { role: string; adminOnly: boolean }[] = [
  ...DATABASE_SCOPED_ROLES.map((role) => ({ role, adminOnly: false })),
  // atlasAdmin is Atlas's bundle of roles, not a MongoDB role a custom role could inherit.
  ...ADMIN_ONLY_ROLES.filter((role) => role !== "atlasAdmin").map((role) => ({ role, adminOnly: true })),
];
