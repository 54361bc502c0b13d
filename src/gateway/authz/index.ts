/**
 * The gateway's authorization engine: pure functions over a user's compiled privileges.
 *
 * Design principles:
 * 1. Compile once, check often: {@link resolveRoles} turns a user's roles (built-in, Atlas
 *    collection-scoped, custom with inheritance) into a {@link PrivilegeSet} when the user or roles
 *    change; {@link authorizeCommand} then answers per command without allocating on the allowed path.
 * 2. mongod's rules, not approximations: resource matching follows mongod's search lists, role
 *    contents its builtin_roles.yml, refusals its exact Unauthorized texts.
 * 3. Default deny: a command or aggregation stage missing from the tables is refused.
 * 4. Filtering is the handler's duty: listDatabases/listCollections may be allowed "filtered", and
 *    getMore/killCursors are checked against the cursor's origin with {@link authorizeGetMore} and
 *    {@link mayKillCursor}.
 */
export { ACTION } from "./actions.js";
export { authorizeWithRule, notAuthorizedMessage, unauthorizedReply, type AuthorizeResult, type UnauthorizedReply } from "./authorize.js";
export { AuthzError, AUTHZ_ERROR_CODES, type AuthzErrorCode } from "./authz-error.js";
export { builtinRole } from "./builtin-roles.js";
export { RULE, type AuthMode, type CommandRule, type Verdict } from "./command-privileges.js";
export type { CommandDocument } from "./command-values.js";
export { isKnownStage } from "./aggregate-privileges.js";
export { connectionStatusReply, type AuthenticatedUser, type AuthInfo, type ConnectionAuth } from "./connection-status.js";
export { authorizeGetMore, mayKillCursor, type CursorOrigin, type CursorUser } from "./cursor-authorization.js";
export { mongodBsonString } from "../mongod-text/mongod-bson-string.js";
export { PrivilegeSet, type Privilege } from "./privilege-set.js";
export { parseResource, resourceDocument, type ResourceDocument, type ResourcePattern } from "./resource.js";
export { resolveRoles, type CustomRole, type CustomRoleResource, type HeldRole, type ResolvedRoles, type UserRole } from "./role-resolver.js";
