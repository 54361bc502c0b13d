import type { CustomRole, CustomRoleAction, CustomRoleResource } from "../api/atlas-types.js";
import { INHERITABLE_ROLES, isClusterAction } from "./custom-role-actions.js";

/** One action row of the dialog: an action on the cluster, or on a database (and optionally a collection). */
export interface ActionRow {
  action: string;
  cluster: boolean;
  db: string;
  collection: string;
}

/** One inherited-role row of the dialog. */
export interface InheritedRow {
  role: string;
  db: string;
}

/** The dialog's whole state. */
export interface CustomRoleForm {
  roleName: string;
  actions: ActionRow[];
  inherited: InheritedRow[];
}

/** A new action row for `action`, scoped as MongoDB defines it. */
export function newActionRow(action = "FIND"): ActionRow {
  return { action, cluster: isClusterAction(action), db: "", collection: "" };
}

/** The form for an existing role (one row per action and resource) or an empty one. */
export function formFromRole(role: CustomRole | undefined): CustomRoleForm {
  if (!role) return { roleName: "", actions: [newActionRow()], inherited: [] };
  const actions = role.actions.flatMap((a) =>
    a.resources.map((r) =>
      // The API answers every resource with all three fields (`cluster: false` for a namespace), so test the value.
      "cluster" in r && r.cluster ? { action: a.action, cluster: true, db: "", collection: "" } : { action: a.action, cluster: false, db: (r as { db: string }).db, collection: (r as { collection?: string }).collection ?? "" },
    ),
  );
  return { roleName: role.roleName, actions, inherited: role.inheritedRoles.map((r) => ({ role: r.role, db: r.db })) };
}

/** Builds Atlas's role from the form, merging rows of the same action, or explains what is missing. */
export function roleFromForm(form: CustomRoleForm): { role: CustomRole } | { error: string } {
  const roleName = form.roleName.trim();
  if (!roleName) return { error: "Enter a role name." };
  if (form.actions.length === 0 && form.inherited.length === 0) return { error: "Add at least one action or inherited role." };
  const byAction = new Map<string, CustomRoleAction>();
  for (const [index, row] of form.actions.entries()) {
    if (!row.cluster && !row.db.trim()) return { error: `Action ${index + 1} (${row.action}): enter a database, or choose the cluster.` };
    const resource: CustomRoleResource = row.cluster ? { cluster: true } : row.collection.trim() ? { db: row.db.trim(), collection: row.collection.trim() } : { db: row.db.trim() };
    const entry = byAction.get(row.action) ?? { action: row.action, resources: [] };
    entry.resources.push(resource);
    byAction.set(row.action, entry);
  }
  const inheritedRoles = [];
  for (const [index, row] of form.inherited.entries()) {
    const adminOnly = INHERITABLE_ROLES.find((r) => r.role === row.role)?.adminOnly ?? false;
    const db = adminOnly ? "admin" : row.db.trim();
    if (!db) return { error: `Inherited role ${index + 1} (${row.role}): enter a database.` };
    inheritedRoles.push({ role: row.role, db });
  }
  return { role: { roleName, actions: [...byAction.values()], inheritedRoles } };
}
