/**
 * mongod's privilege action types (`src/mongo/db/auth/action_type.idl`), plus the ones the manual adds
 * for 8.x. "ID only" actions that mongod never checks are kept so that stored roles naming them parse.
 */
export const ACTION_TYPES = [
  "addShard", "advanceClusterTime", "allCollectionStats", "analyze", "analyzeShardKey", "anyAction",
  "appendOplogNote", "applicationMessage", "applyOps", "auditConfigure", "auditLogRotate", "authCheck",
  "authenticate", "authSchemaUpgrade", "bypassDefaultMaxTimeMS", "bypassDocumentValidation",
  "bypassWriteBlockingMode", "changeCustomData", "changeOwnCustomData", "changeOwnPassword", "changePassword",
  "changeStream", "checkFreeMonitoringStatus", "checkMetadataConsistency", "cleanupOrphaned",
  "cleanupStructuredEncryptionData", "clearJumboFlag", "closeAllDatabases", "collMod", "collStats", "compact",
  "compactStructuredEncryptionData", "configureQueryAnalyzer", "connPoolStats", "connPoolSync", "convertToCapped",
  "cpuProfiler", "createCollection", "createDatabase", "createIndex", "createRole", "createSearchIndexes",
  "createUser", "dbCheck", "dbHash", "dbStats", "dropAllRolesFromDatabase", "dropAllUsersFromDatabase",
  "dropCollection", "dropConnections", "dropDatabase", "dropIndex", "dropRole", "dropSearchIndex", "dropUser",
  "emptycapped", "enableProfiler", "enableSharding", "exportCollection", "find", "flushRouterConfig", "forceUUID",
  "fsync", "fsyncUnlock", "getChangeStreamState", "getClusterParameter", "getCmdLineOpts", "getDatabaseVersion",
  "getDefaultRWConcern", "getLog", "getParameter", "getShardMap", "getShardVersion", "grantPrivilegesToRole",
  "grantRole", "grantRolesToRole", "grantRolesToUser", "hostInfo", "impersonate", "importCollection", "indexStats",
  "inprog", "insert", "internal", "invalidateUserCache", "issueDirectShardOperations", "killAnyCursor",
  "killAnySession", "killCursors", "killop", "listCachedAndActiveUsers", "listClusterCatalog", "listCollections",
  "listCursors", "listDatabases", "listIndexes", "listSampledQueries", "listSearchIndexes", "listSessions",
  "listShards", "logRotate", "moveChunk", "moveCollection", "netstat", "oidcListKeys", "oidcRefreshKeys",
  "oidReset", "operationMetrics", "planCacheIndexFilter", "planCacheRead", "planCacheWrite", "querySettings",
  "queryStatsRead", "queryStatsReadTransformed", "refineCollectionShardKey", "reIndex", "remove", "removeShard",
  "renameCollection", "renameCollectionSameDB", "repairDatabase", "replSetConfigure", "replSetGetConfig",
  "replSetGetStatus", "replSetHeartbeat", "replSetReconfig", "replSetResizeOplog", "replSetStateChange",
  "reshardCollection", "resync", "revokePrivilegesFromRole", "revokeRole", "revokeRolesFromRole",
  "revokeRolesFromUser", "rewriteCollection", "rotateCertificates", "runAsLessPrivilegedUser",
  "runTenantMigration", "serverStatus", "setAuthenticationRestriction", "setChangeStreamState",
  "setClusterParameter", "setDefaultRWConcern", "setFeatureCompatibilityVersion", "setFreeMonitoring",
  "setParameter", "setUserWriteBlockMode", "shardCollection", "shardedDataDistribution", "shardingState",
  "shutdown", "splitChunk", "splitVector", "storageDetails", "top", "touch", "trafficRecord",
  "transitionFromDedicatedConfigServer", "transitionToDedicatedConfigServer", "unlock", "unshardCollection",
  "update", "updateRole", "updateSearchIndex", "updateUser", "useTenant", "useUUID", "validate", "viewRole",
  "viewUser",
] as const;

/** One of {@link ACTION_TYPES}. */
export type ActionType = (typeof ACTION_TYPES)[number];

/** Number of action types; the length of every compiled action bitmap. */
export const ACTION_COUNT = ACTION_TYPES.length;

/** Each action's bit index, for the compiled privilege tables. */
export const ACTION: Readonly<Record<ActionType, number>> = Object.freeze(
  Object.fromEntries(ACTION_TYPES.map((name, index) => [name, index])) as Record<ActionType, number>,
);

const BY_NAME: ReadonlyMap<string, ActionType> = new Map(ACTION_TYPES.map((a) => [a, a]));
const BY_FOLDED_NAME: ReadonlyMap<string, ActionType> = new Map(ACTION_TYPES.map((a) => [a.toLowerCase(), a]));

/**
 * Atlas custom-role action names whose server action is not the camelCase of the API name.
 */
const ATLAS_RENAMED_ACTIONS: Readonly<Record<string, ActionType>> = {
  SET_USER_WRITE_BLOCK: "setUserWriteBlockMode",
  BYPASS_USER_WRITE_BLOCK: "bypassWriteBlockingMode",
};

/**
 * Atlas custom-role actions with no mongod privilege behind them: Data Federation actions and the
 * zone-sharding helpers (the gateway serves no federated or sharded deployments). They are accepted and
 * grant nothing.
 */
export const ATLAS_ACTIONS_WITHOUT_SERVER_ACTION = [
  "SQL_GET_SCHEMA", "SQL_SET_SCHEMA", "VIEW_ALL_HISTORY", "OUT_TO_AZURE", "OUT_TO_GCP", "OUT_TO_S3",
  "STORAGE_GET_CONFIG", "STORAGE_SET_CONFIG", "ADD_SHARD_TO_ZONE", "REMOVE_SHARD_FROM_ZONE", "UPDATE_ZONE_KEY_RANGE",
] as const;

/** True when `name` is one of mongod's action types, spelled exactly. */
export function isActionType(name: string): name is ActionType {
  return BY_NAME.has(name);
}

/**
 * Maps an action as written in a role definition to mongod's action: the server's own camelCase name,
 * or Atlas's UPPER_SNAKE API name (`FIND`, `COLL_STATS`, `IN_PROG`, `REPLSET_GET_STATUS`...). Returns
 * null for Atlas actions that grant nothing on a server, and undefined for unknown names.
 */
export function actionFromName(name: string): ActionType | null | undefined {
  const exact = BY_NAME.get(name);
  if (exact) return exact;
  const renamed = ATLAS_RENAMED_ACTIONS[name];
  if (renamed) return renamed;
  if ((ATLAS_ACTIONS_WITHOUT_SERVER_ACTION as readonly string[]).includes(name)) return null;
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return undefined;
  return BY_FOLDED_NAME.get(name.replaceAll("_", "").toLowerCase());
}
