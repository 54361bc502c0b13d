/**
 * `usersInfo`. mongod lets every user read their own user document; other users need `viewUser`
 * on the user's database. The gateway answers from the project's database users (all in
 * `$external`), never from an upstream, whose users are the gateway's own.
 */
import { Double, type Document } from "bson";
import { ACTION, notAuthorizedMessage, unauthorizedReply } from "../../authz/index.js";
import { BackendError } from "../../backends/backend-error.js";
import type { DatabaseUser } from "../../../core/index.js";
import type { CommandCall, CommandHandler } from "../cluster-runtime.js";
import { requireAuth } from "./backend-command.js";

interface UserName {
  user: string;
  db: string;
}

function targets(call: CommandCall): UserName[] | "all" {
  const asked: unknown = call.body.usersInfo;
  const one = (value: unknown): UserName => {
    if (typeof value === "string") return { user: value, db: call.db };
    if (value !== null && typeof value === "object" && typeof (value as Document).user === "string" && typeof (value as Document).db === "string") {
      return { user: (value as Document).user as string, db: (value as Document).db as string };
    }
    throw new BackendError("BadValue", "User name must be either a string or an object with 'user' and 'db' fields");
  };
  if (Array.isArray(asked)) return asked.map(one);
  if (typeof asked === "string" || (asked !== null && typeof asked === "object" && !("_bsontype" in asked))) return [one(asked)];
  return "all";
}

function userDocument(user: DatabaseUser): Document {
  return {
    _id: `$external.${user.username}`,
    user: user.username,
    db: "$external",
    roles: user.roles.map((role) => ({ role: role.roleName, db: role.databaseName, ...(role.collectionName === undefined ? {} : { collection: role.collectionName }) })),
    mechanisms: ["external"],
  };
}

/** `usersInfo` on oneself, or on named users with `viewUser`. */
export const usersInfoCommand: CommandHandler = async (call) => {
  const auth = requireAuth(call);
  const privileges = auth.resolved.privileges;
  const asked = targets(call);
  if (asked === "all") {
    if (!privileges.canDatabase(call.db, ACTION.viewUser)) return unauthorizedReply(notAuthorizedMessage(call.db, call.body));
    throw new BackendError("CommandNotSupported", "usersInfo: 1 (listing every user) is not supported by the gateway; name the users, or list them with the Admin API");
  }
  const selfName = call.conn.identity?.userName;
  const users: Document[] = [];
  for (const target of asked) {
    const isSelf = target.db === auth.user.db && target.user === auth.user.user;
    if (!isSelf && !privileges.canDatabase(target.db, ACTION.viewUser)) return unauthorizedReply(notAuthorizedMessage(call.db, call.body));
    if (target.db !== "$external") continue;
    const stored = await call.runtime.findUser(isSelf && selfName !== undefined ? selfName : target.user);
    if (stored !== undefined) users.push({ ...userDocument(stored), _id: `$external.${target.user}`, user: target.user });
  }
  return { users, ok: new Double(1) };
};
