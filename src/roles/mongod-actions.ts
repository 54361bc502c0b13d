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

const ACTION_NAMES: ReadonlySet<string> = new Set(ACTION_TYPES);

/** True when `name` is one of mongod's action types, spelled exactly. */
export function isActionType(name: string): name is ActionType {
  return ACTION_NAMES.has(name);
}
