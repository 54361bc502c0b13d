import { ACTION } from "./actions.js";
import { pipelineAllowed } from "./aggregate-privileges.js";
import { firstKey, splitNamespace, trueValue, type CommandDocument } from "./command-values.js";
import type { PrivilegeSet } from "./privilege-set.js";

/**
 * What a command demands before it runs:
 * - none: runs before authentication (handshake, auth, diagnostics mongod exempts);
 * - authenticated: any authenticated user, no privilege (sessions; getMore and killCursors then go
 *   through `authorizeGetMore` / `mayKillCursor` once the cursor registry has found the cursor);
 * - privileges: `check` decides from the user's privileges and the command document.
 */
export const AUTH_MODES = ["none", "authenticated", "privileges"] as const;

/** One of {@link AUTH_MODES}. */
export type AuthMode = (typeof AUTH_MODES)[number];

/**
 * A privilege check's outcome. The filter verdicts allow the command but oblige the handler to return
 * only databases (listDatabases) or collections (listCollections) the user holds some privilege on;
 * `viewOnWithoutPipeline` is collMod's InvalidOptions refusal.
 */
export type Verdict = "allow" | "deny" | "filterDatabases" | "filterCollections" | "viewOnWithoutPipeline";

/** A row of the command table. */
export interface CommandRule {
  auth: AuthMode;
  /** Refused outside `admin`, before any privilege check. */
  adminOnly?: boolean;
  check?: (p: PrivilegeSet, db: string, cmd: CommandDocument, name: string) => Verdict;
}

const verdict = (allowed: boolean): Verdict => (allowed ? "allow" : "deny");

/** The collection named by the command's first field, or undefined (e.g. a UUID, which is refused). */
function collectionOf(cmd: CommandDocument, name: string): string | undefined {
  const value = cmd[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A rule on the collection `<db>.<value of the command field>`; a command that names none is denied. */
function onNamedCollection(check: (p: PrivilegeSet, db: string, coll: string, cmd: CommandDocument) => Verdict): CommandRule {
  return {
    auth: "privileges",
    check: (p, db, cmd, name) => {
      const coll = collectionOf(cmd, name);
      return coll === undefined ? "deny" : check(p, db, coll, cmd);
    },
  };
}

/** A rule requiring `actions` on the namespace `<db>.<value of the command field>`. */
function onCollection(...actions: number[]): CommandRule {
  return onNamedCollection((p, db, coll) => {
    for (let i = 0; i < actions.length; i++) if (!p.canNamespace(db, coll, actions[i])) return "deny";
    return "allow";
  });
}

/** A rule requiring `action` on the full namespace `<db>.<collection>` the command field names (dataSize). */
function onNamespaceField(action: number): CommandRule {
  return {
    auth: "privileges",
    check: (p, _db, cmd, name) => {
      const ns = splitNamespace(cmd[name]);
      return verdict(ns !== undefined && p.canNamespace(ns.db, ns.coll, action));
    },
  };
}

function onDatabase(action: number): CommandRule {
  return { auth: "privileges", check: (p, db) => verdict(p.canDatabase(db, action)) };
}

function onCluster(action: number, adminOnly = false): CommandRule {
  return { auth: "privileges", adminOnly, check: (p) => verdict(p.canCluster(action)) };
}

const NONE: CommandRule = { auth: "none" };
const AUTHENTICATED: CommandRule = { auth: "authenticated" };
const AUTHENTICATED_ON_ADMIN: CommandRule = { auth: "authenticated", adminOnly: true };

function withBypass(p: PrivilegeSet, db: string, coll: string, cmd: CommandDocument, allowed: boolean): Verdict {
  return verdict(allowed && (!trueValue(cmd.bypassDocumentValidation) || p.canNamespace(db, coll, ACTION.bypassDocumentValidation)));
}

const insert = onNamedCollection((p, db, coll, cmd) => withBypass(p, db, coll, cmd, p.canNamespace(db, coll, ACTION.insert)));

const update = onNamedCollection((p, db, coll, cmd) => {
  if (!p.canNamespace(db, coll, ACTION.update)) return "deny";
  const updates = cmd.updates;
  if (Array.isArray(updates) && updates.some((u) => u !== null && typeof u === "object" && trueValue((u as CommandDocument).upsert))) {
    if (!p.canNamespace(db, coll, ACTION.insert)) return "deny";
  }
  return withBypass(p, db, coll, cmd, true);
});

const findAndModify = onNamedCollection((p, db, coll, cmd) => {
  if (!p.canNamespace(db, coll, ACTION.find)) return "deny";
  if (trueValue(cmd.remove)) return verdict(p.canNamespace(db, coll, ACTION.remove));
  const allowed = p.canNamespace(db, coll, ACTION.update) && (!trueValue(cmd.upsert) || p.canNamespace(db, coll, ACTION.insert));
  return withBypass(p, db, coll, cmd, allowed);
});

const aggregate: CommandRule = {
  auth: "privileges",
  check: (p, db, cmd) => {
    const target = cmd.aggregate;
    const coll = typeof target === "string" && target !== "" ? target : null;
    if (coll === null && !(typeof target === "number" || (target !== null && typeof target === "object" && "_bsontype" in target))) return "deny";
    return verdict(pipelineAllowed(p, db, coll, cmd.pipeline, trueValue(cmd.bypassDocumentValidation)));
  },
};

/**
 * A view's pipeline is checked only when the user can read the view: "it's safe to allow a user to
 * create or modify a view if they can't read it anyway" (mongod's checkAuthForCreateOrModifyView).
 */
function viewAllowed(p: PrivilegeSet, db: string, view: string, viewOn: string, pipeline: unknown): boolean {
  return !p.canNamespace(db, view, ACTION.find) || pipelineAllowed(p, db, viewOn, pipeline, false);
}

const create = onNamedCollection((p, db, coll, cmd) => {
  if (trueValue(cmd.capped) && !p.canNamespace(db, coll, ACTION.convertToCapped)) return "deny";
  const createsCollections = p.canNamespace(db, coll, ACTION.createCollection);
  if (cmd.viewOn !== undefined) {
    // A view needs createCollection itself; insert is not enough.
    if (typeof cmd.viewOn !== "string" || !createsCollections) return "deny";
    return verdict(viewAllowed(p, db, coll, cmd.viewOn, cmd.pipeline ?? []));
  }
  return verdict(createsCollections || p.canNamespace(db, coll, ACTION.insert));
});

const collMod = onNamedCollection((p, db, coll, cmd) => {
  if (!p.canNamespace(db, coll, ACTION.collMod)) return "deny";
  // Changing only one of them could expose more of the underlying data, so mongod demands both.
  if ((cmd.viewOn === undefined) !== (cmd.pipeline === undefined)) return "viewOnWithoutPipeline";
  if (cmd.viewOn !== undefined) {
    if (typeof cmd.viewOn !== "string") return "deny";
    return verdict(viewAllowed(p, db, coll, cmd.viewOn, cmd.pipeline));
  }
  return verdict(cmd._removeLegacyTimeseriesBucketingParametersHaveChanged === undefined);
});

const listDatabases: CommandRule = {
  auth: "privileges",
  adminOnly: true,
  check: (p, _db, cmd) => {
    const explicit = cmd.authorizedDatabases;
    if (explicit !== undefined && trueValue(explicit)) return "filterDatabases";
    if (p.canCluster(ACTION.listDatabases)) return "allow";
    return explicit === undefined ? "filterDatabases" : "deny";
  },
};

const listCollections: CommandRule = {
  auth: "privileges",
  check: (p, db, cmd) => {
    if (trueValue(cmd.authorizedCollections) && trueValue(cmd.nameOnly)) {
      return p.canDatabase(db, ACTION.listCollections) || p.hasAnyOnDatabase(db) ? "filterCollections" : "deny";
    }
    return verdict(p.canDatabase(db, ACTION.listCollections));
  },
};

/** mongod's renameCollection rule (rename_collection_common.cpp), both namespaces given in full. */
const renameCollection: CommandRule = {
  auth: "privileges",
  adminOnly: true,
  check: (p, _db, cmd) => {
    const source = splitNamespace(cmd.renameCollection);
    const target = splitNamespace(cmd.to);
    if (source === undefined || target === undefined) return "deny";
    const dropTarget = trueValue(cmd.dropTarget);
    const systemInvolved = source.coll.startsWith("system.") || target.coll.startsWith("system.");
    if (source.db === target.db && !systemInvolved) {
      const canRename = p.canDatabase(source.db, ACTION.renameCollectionSameDB);
      const canDropTarget = !dropTarget || p.canNamespace(target.db, target.coll, ACTION.dropCollection);
      const readsSource = p.canNamespace(source.db, source.coll, ACTION.find);
      const readsTarget = p.canNamespace(target.db, target.coll, ACTION.find);
      // Renaming must not let a user read data through a name they cannot read.
      if (canRename && canDropTarget && (readsSource || !readsTarget)) return "allow";
    }
    const sourceOk = p.canNamespace(source.db, source.coll, ACTION.find) && p.canNamespace(source.db, source.coll, ACTION.dropCollection);
    const targetOk =
      p.canNamespace(target.db, target.coll, ACTION.insert) &&
      p.canNamespace(target.db, target.coll, ACTION.createIndex) &&
      (!dropTarget || p.canNamespace(target.db, target.coll, ACTION.dropCollection));
    return verdict(sourceOk && targetOk);
  },
};

/** Commands whose explain mongod authorizes exactly like the command itself. */
const EXPLAINABLE = new Set(["aggregate", "count", "delete", "distinct", "find", "findAndModify", "findandmodify", "update"]);

/** explain: the explained command's own rule, found with `ruleOf` (the command table's lookup). */
function explain(ruleOf: (name: string) => CommandRule | undefined): CommandRule {
  return {
    auth: "privileges",
    check: (p, db, cmd) => {
      const inner = cmd.explain;
      if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return "deny";
      const innerName = firstKey(inner);
      if (innerName === undefined || !EXPLAINABLE.has(innerName)) return "deny";
      const rule = ruleOf(innerName);
      return rule?.check ? rule.check(p, db, inner as CommandDocument, innerName) : "deny";
    },
  };
}

const currentOp: CommandRule = {
  auth: "privileges",
  adminOnly: true,
  check: (p, _db, cmd) => verdict(trueValue(cmd.$ownOps) || p.canCluster(ACTION.inprog)),
};

const cloneCollectionAsCapped: CommandRule = {
  auth: "privileges",
  check: (p, db, cmd, name) => {
    const source = collectionOf(cmd, name);
    const target = typeof cmd.toCollection === "string" ? cmd.toCollection : undefined;
    if (source === undefined || target === undefined) return "deny";
    return verdict(p.canNamespace(db, source, ACTION.find) && p.canNamespace(db, target, ACTION.insert) && p.canNamespace(db, target, ACTION.createCollection));
  },
};

/** Refused to everyone: Atlas allows no user or role management on the wire. */
const REFUSED: CommandRule = { auth: "privileges", check: () => "deny" };

/**
 * mongod's privilege rules, for the command table (`server/command-table.ts`) to give each command
 * one. Aliases share their command's rule there.
 */
export const RULE = Object.freeze({
  none: NONE,
  authenticated: AUTHENTICATED,
  authenticatedOnAdmin: AUTHENTICATED_ON_ADMIN,
  refused: REFUSED,
  onCollection,
  onNamespaceField,
  onDatabase,
  onCluster,
  insert,
  update,
  findAndModify,
  aggregate,
  explain,
  create,
  collMod,
  listDatabases,
  listCollections,
  renameCollection,
  currentOp,
  cloneCollectionAsCapped,
});
