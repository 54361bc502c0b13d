import { mongodErrorReply } from "../backends/error-codes.js";
import type { CommandRule } from "./command-privileges.js";
import type { CommandDocument } from "./command-values.js";
import { mongodBsonString } from "../mongod-text/mongod-bson-string.js";
import type { PrivilegeSet } from "./privilege-set.js";

/**
 * mongod's reply when a command is refused: code 13 Unauthorized, except collMod given only one of
 * viewOn/pipeline, which mongod's own check refuses with 72 InvalidOptions.
 */
export interface UnauthorizedReply {
  ok: number;
  errmsg: string;
  code: number;
  codeName: "Unauthorized" | "InvalidOptions";
}

/**
 * The outcome of {@link authorizeCommand}. `filter` obliges the handler to list only the databases or
 * collections the user holds some privilege on (`PrivilegeSet.hasAnyOnDatabase` / `hasAnyOnNamespace`).
 */
export type AuthorizeResult = { ok: true; filter?: "databases" | "collections" } | { ok: false; reply: UnauthorizedReply };

// Shared frozen results keep the allowed path free of allocation.
const ALLOWED: AuthorizeResult = Object.freeze({ ok: true });
const FILTER_DATABASES: AuthorizeResult = Object.freeze({ ok: true, filter: "databases" });
const FILTER_COLLECTIONS: AuthorizeResult = Object.freeze({ ok: true, filter: "collections" });

/** Builds mongod's `{ok: 0.0, errmsg, code: 13, codeName: "Unauthorized"}` reply. */
export function unauthorizedReply(errmsg: string): UnauthorizedReply {
  return mongodErrorReply("Unauthorized", errmsg) as UnauthorizedReply;
}

/**
 * Decides whether a command may run under `rule`, the command table's privilege rule for it
 * (undefined: a command the table does not know, refused). `privileges` is null before authentication. `commandDoc` is the
 * body with any OP_MSG document sequences spliced in (the checks read `updates[].upsert`); the error
 * text prints `displayBody`, by default the same document, which should be the body as received
 * (mongod prints the body without the sequences).
 *
 * Order, as mongod's: admin-only commands elsewhere -> "<cmd> may only be run against the admin
 * database."; commands exempt from authentication run; unauthenticated -> "Command <cmd> requires
 * authentication"; then the command's own check -> "not authorized on <db> to execute command
 * <body>". Commands absent from the table are refused.
 */
export function authorizeWithRule(
  rule: CommandRule | undefined,
  privileges: PrivilegeSet | null,
  commandName: string,
  dbName: string,
  commandDoc: CommandDocument,
  displayBody: CommandDocument = commandDoc,
): AuthorizeResult {
  if (rule?.adminOnly === true && dbName !== "admin") {
    return { ok: false, reply: unauthorizedReply(`${commandName} may only be run against the admin database.`) };
  }
  if (rule?.auth === "none") return ALLOWED;
  if (privileges === null) {
    return { ok: false, reply: unauthorizedReply(`Command ${commandName} requires authentication`) };
  }
  if (rule !== undefined) {
    if (rule.auth === "authenticated") return ALLOWED;
    switch (rule.check?.(privileges, dbName, commandDoc, commandName) ?? "deny") {
      case "allow":
        return ALLOWED;
      case "filterDatabases":
        return FILTER_DATABASES;
      case "filterCollections":
        return FILTER_COLLECTIONS;
      case "viewOnWithoutPipeline":
        return {
          ok: false,
          reply: mongodErrorReply("InvalidOptions", "Must specify both 'viewOn' and 'pipeline' when modifying a view and auth is enabled") as UnauthorizedReply,
        };
      case "deny":
        break;
    }
  }
  return { ok: false, reply: unauthorizedReply(notAuthorizedMessage(dbName, displayBody)) };
}

/**
 * Commands whose `pwd` mongod replaces with "xxx" before printing them (their snipForLogging), so a
 * refused createUser never echoes the password into replies or logs.
 */
const PASSWORD_COMMANDS = new Set(["createUser", "updateUser"]);

/** mongod's message for a failed privilege check: the database and the command body as it prints BSON. */
export function notAuthorizedMessage(dbName: string, body: CommandDocument): string {
  let shown = body;
  for (const name in body) {
    if (PASSWORD_COMMANDS.has(name) && body.pwd !== undefined) shown = { ...body, pwd: "xxx" };
    break;
  }
  return `not authorized on ${dbName} to execute command ${mongodBsonString(shown)}`;
}
