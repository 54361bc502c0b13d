/**
 * The Atlas CLI's notation for custom roles: `--privilege ACTION[@DB[.COLLECTION]]` (no database:
 * the cluster resource) and `--inheritedRole role[@db]` (database `admin` when left out).
 * Action names and the resources they suit come from the shared vocabulary, so a typo or a misplaced
 * action is refused before anything is sent.
 */
import { actionResourceKind, isCustomRoleAction } from "../../roles/index.js";

/**
 * `DatabasePermittedNamespaceResource`: what the CLI sends leaves unused fields out; the API answers with
 * all three (`cluster: false`, `collection: ""` for a whole database, `db: ""` for the cluster).
 */
export type RoleResource = { db: string; collection?: string; cluster?: false } | { cluster: true; db?: string; collection?: string };

/** `DatabasePrivilegeAction` */
export interface RoleAction {
  action: string;
  resources: RoleResource[];
}

/** `DatabaseInheritedRole` */
export interface InheritedRole {
  db: string;
  role: string;
}

/** `UserCustomDBRole` */
export interface CustomDbRole {
  roleName: string;
  actions?: RoleAction[];
  inheritedRoles?: InheritedRole[];
}

/** Turns `--privilege` values into actions, one per action name with all its resources. */
export function parsePrivileges(values: readonly string[], into: RoleAction[] = []): RoleAction[] {
  const actions = into.map((a) => ({ action: a.action, resources: [...a.resources] }));
  for (const text of values) {
    const at = text.indexOf("@");
    const action = (at < 0 ? text : text.slice(0, at)).toUpperCase();
    const target = at < 0 ? "" : text.slice(at + 1);
    if (!/^[A-Z_]+$/.test(action) || (at >= 0 && target === "")) throw new Error(`--privilege "${text}" is not ACTION[@DB[.COLLECTION]]`);
    if (!isCustomRoleAction(action)) throw new Error(`--privilege "${text}": ${action} is not an action a custom role may grant`);
    const kind = actionResourceKind(action);
    if (kind === "namespace" && target === "") throw new Error(`--privilege "${text}": ${action} applies to a database or collection; add @DB`);
    if (kind === "cluster" && target !== "") throw new Error(`--privilege "${text}": ${action} applies to the cluster only; leave out @DB`);
    const dot = target.indexOf(".");
    const resource: RoleResource =
      target === "" ? { cluster: true } : dot < 0 ? { db: target } : { db: target.slice(0, dot), collection: target.slice(dot + 1) };
    const existing = actions.find((a) => a.action === action);
    if (!existing) actions.push({ action, resources: [resource] });
    else if (!existing.resources.some((r) => sameResource(r, resource))) existing.resources.push(resource);
  }
  return actions;
}

/** Turns `--inheritedRole` values into inherited roles, skipping ones already in `into`. */
export function parseInheritedRoles(values: readonly string[], into: InheritedRole[] = []): InheritedRole[] {
  const roles = [...into];
  for (const text of values) {
    const [role, db = "admin", extra] = text.split("@");
    if (!role || !db || extra !== undefined) throw new Error(`--inheritedRole "${text}" is not role[@db]`);
    if (!roles.some((r) => r.role === role && r.db === db)) roles.push({ role, db });
  }
  return roles;
}

/** `ACTION@db.collection` of every resource of a role, as `--privilege` takes them. */
export function privilegeText(actions: readonly RoleAction[] = []): string[] {
  return actions.flatMap((a) =>
    a.resources.map((r) => (r.cluster === true ? a.action : `${a.action}@${r.db}${r.collection ? `.${r.collection}` : ""}`)),
  );
}

function sameResource(a: RoleResource, b: RoleResource): boolean {
  if (a.cluster === true || b.cluster === true) return a.cluster === b.cluster;
  return a.db === b.db && (a.collection ?? "") === (b.collection ?? "");
}
