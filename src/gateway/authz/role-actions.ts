import type { ActionType } from "../../roles/index.js";

// Action lists shared by several built-in roles, named as in mongod's builtin_roles.yml.

/** Actions of mongod's database-scoped `read` role. */
export const READ_ACTIONS: readonly ActionType[] = [
  "changeStream", "collStats", "dbHash", "dbStats", "find", "killCursors", "listCollections", "listIndexes",
  "listSearchIndexes", "planCacheRead",
];

/** Actions of mongod's database-scoped `readWrite` role. */
export const READ_WRITE_ACTIONS: readonly ActionType[] = [
  ...READ_ACTIONS, "cleanupStructuredEncryptionData", "compactStructuredEncryptionData", "convertToCapped",
  "createCollection", "createIndex", "createSearchIndexes", "dropCollection", "dropIndex", "dropSearchIndex",
  "insert", "remove", "renameCollectionSameDB", "update", "updateSearchIndex",
];

/** Shared action list of mongod's built-in roles. */
export const USER_ADMIN_ACTIONS: readonly ActionType[] = [
  "changeCustomData", "changePassword", "createUser", "createRole", "dropUser", "dropRole", "grantRole",
  "revokeRole", "setAuthenticationRestriction", "viewUser", "viewRole",
];

/** Shared action list of mongod's built-in roles. */
export const DB_ADMIN_ACTIONS: readonly ActionType[] = [
  "analyze", "bypassDocumentValidation", "collMod", "collStats", "compact", "convertToCapped", "createCollection",
  "dbStats", "dropCollection", "dropDatabase", "dropIndex", "dropSearchIndex", "createIndex", "createSearchIndexes",
  "enableProfiler", "listCollections", "listIndexes", "listSearchIndexes", "updateSearchIndex",
  "planCacheIndexFilter", "planCacheRead", "planCacheWrite", "reIndex", "renameCollectionSameDB", "storageDetails",
  "validate",
];

/** Shared action list of mongod's built-in roles. */
export const PROFILE_ACTIONS: readonly ActionType[] = [...READ_ACTIONS, "convertToCapped", "createCollection", "dropCollection"];

/** Shared action list of mongod's built-in roles. */
export const CLUSTER_MONITOR_DB_ACTIONS: readonly ActionType[] = ["collStats", "dbStats", "getDatabaseVersion", "getShardVersion", "indexStats"];

/** Shared action list of mongod's built-in roles. */
export const CLUSTER_MANAGER_DB_ACTIONS: readonly ActionType[] = [
  "analyzeShardKey", "configureQueryAnalyzer", "clearJumboFlag", "splitChunk", "moveChunk", "moveCollection",
  "enableSharding", "splitVector", "refineCollectionShardKey", "reshardCollection",
];

/** Shared action list of mongod's built-in roles. */
export const RESTORE_WRITE_ACTIONS: readonly ActionType[] = [
  "bypassDocumentValidation", "collMod", "convertToCapped", "createCollection", "createIndex", "createSearchIndexes",
  "dropCollection", "insert", "updateSearchIndex",
];

/** insert, update, remove. */
export const WRITE_ACTIONS: readonly ActionType[] = ["insert", "update", "remove"];


/**
 * Actions of Atlas's `read` role when granted on one collection. Atlas documents them as differing from
 * mongod's database-scoped `read`: no changeStream, dbStats, killCursors, listCollections,
 * listSearchIndexes or planCacheRead.
 */
export const ATLAS_COLLECTION_READ_ACTIONS: readonly ActionType[] = ["collStats", "dbHash", "find", "listIndexes"];

/** Actions of Atlas's `readWrite` role when granted on one collection. */
export const ATLAS_COLLECTION_READ_WRITE_ACTIONS: readonly ActionType[] = [
  ...ATLAS_COLLECTION_READ_ACTIONS, "convertToCapped", "createCollection", "createIndex", "dropCollection", "dropIndex",
  "insert", "remove", "update",
];
