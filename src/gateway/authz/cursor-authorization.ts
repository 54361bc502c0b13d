import { ACTION } from "./actions.js";
import { authorizeWithRule, unauthorizedReply, type AuthorizeResult } from "./authorize.js";
import type { CommandRule } from "./command-privileges.js";
import { splitNamespace, type CommandDocument } from "./command-values.js";
import type { PrivilegeSet } from "./privilege-set.js";

/** A user identity as the cursor registry records it. */
export interface CursorUser {
  user: string;
  db: string;
}

/** What the cursor registry keeps about a cursor so that later getMore/killCursors can be checked. */
export interface CursorOrigin {
  /** The user who opened the cursor. */
  owner: CursorUser;
  /** The namespace the cursor belongs to, `db.collection` (as mongod reports it). */
  ns: string;
  /** The command that opened the cursor, re-checked on every getMore. */
  commandName: string;
  /** That command's privilege rule. */
  commandRule: CommandRule;
  commandDb: string;
  command: CommandDocument;
}

const ALLOWED: AuthorizeResult = Object.freeze({ ok: true });

function sameUser(a: CursorUser, b: CursorUser): boolean {
  return a.user === b.user && a.db === b.db;
}

/**
 * mongod's getMore checks after authentication, in its order, all answered with code 13:
 * - the namespace must be the cursor's: "Requested getMore on namespace '<a>', but cursor belongs to a
 *   different namespace <b>";
 * - the cursor must be the user's: "cursor id <n> was not created by the authenticated user";
 * - the user must still hold the privileges of the command that opened it (roles can change
 *   mid-cursor): "not authorized for getMore with cursor id <n>".
 */
export function authorizeGetMore(
  privileges: PrivilegeSet,
  user: CursorUser,
  cursorId: bigint | number | string,
  requestedNs: string,
  origin: CursorOrigin,
): AuthorizeResult {
  if (requestedNs !== origin.ns) {
    return { ok: false, reply: unauthorizedReply(`Requested getMore on namespace '${requestedNs}', but cursor belongs to a different namespace ${origin.ns}`) };
  }
  if (!sameUser(user, origin.owner)) {
    return { ok: false, reply: unauthorizedReply(`cursor id ${String(cursorId)} was not created by the authenticated user`) };
  }
  if (!authorizeWithRule(origin.commandRule, privileges, origin.commandName, origin.commandDb, origin.command).ok) {
    return { ok: false, reply: unauthorizedReply(`not authorized for getMore with cursor id ${String(cursorId)}`) };
  }
  return ALLOWED;
}

/**
 * killCursors: anyone's with `killAnyCursor` on the cluster, one's own always, others' with
 * `killAnyCursor` on the namespace. mongod refuses the rest with "not authorized to kill cursor on <ns>".
 */
export function mayKillCursor(privileges: PrivilegeSet, user: CursorUser, origin: CursorOrigin): boolean {
  if (sameUser(user, origin.owner) || privileges.canCluster(ACTION.killAnyCursor)) return true;
  const ns = splitNamespace(origin.ns);
  return ns !== undefined && privileges.canNamespace(ns.db, ns.coll, ACTION.killAnyCursor);
}
