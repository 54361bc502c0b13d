/**
 * The privilege actions a custom role may grant, by Atlas's API names (atlas-api.md §5.2: the v2 spec's
 * enum, plus the names only Atlas's docs page uses): the resources each applies to and the mongod action
 * it grants. Core validation, the gateway's role compiler, the web UI and the CLI all read this table,
 * so an action the API accepts always means something to the gateway.
 */
import { isActionType, type ActionType } from "./mongod-actions.js";

/** Which resources an action applies to: databases and collections, the cluster, or either. */
export type ActionResourceKind = "namespace" | "cluster" | "any";

/** What one Atlas action means on a MongoDB server. */
export interface CustomRoleActionMeaning {
  /** mongod's action (atlas-api.md §5.2: the same words in camelCase, with a few renames), or null when none exists. */
  grants: ActionType | null;
  on: ActionResourceKind;
  /** Why an action grants nothing on the servers the gateway fronts. */
  note?: string;
}

const DATA_FEDERATION = "Atlas Data Federation only";
const STREAMS = "Atlas Stream Processing only";
const ZONES = "zone sharding helper; the gateway fronts no sharded cluster";

/** What each action in `names` means when, for the same reason, it grants nothing on a server. */
function grantingNothing<const Name extends string>(note: string, names: readonly Name[]): Record<Name, CustomRoleActionMeaning> {
  return Object.fromEntries(names.map((name) => [name, { grants: null, on: "any", note }])) as Record<Name, CustomRoleActionMeaning>;
}

/** Every action Atlas's API accepts in `actions[].action`, in the order Atlas lists them. */
export const CUSTOM_ROLE_ACTION_TABLE = {
  FIND: { grants: "find", on: "namespace" },
  INSERT: { grants: "insert", on: "namespace" },
  REMOVE: { grants: "remove", on: "namespace" },
  UPDATE: { grants: "update", on: "namespace" },
  BYPASS_DOCUMENT_VALIDATION: { grants: "bypassDocumentValidation", on: "namespace" },
  USE_UUID: { grants: "useUUID", on: "cluster" },
  KILL_OP: { grants: "killop", on: "cluster" },
  BYPASS_DEFAULT_MAX_TIME_MS: { grants: "bypassDefaultMaxTimeMS", on: "any" },
  CREATE_COLLECTION: { grants: "createCollection", on: "namespace" },
  CREATE_INDEX: { grants: "createIndex", on: "namespace" },
  DROP_COLLECTION: { grants: "dropCollection", on: "namespace" },
  ENABLE_PROFILER: { grants: "enableProfiler", on: "namespace" },
  KILL_ANY_CURSOR: { grants: "killAnyCursor", on: "any" },
  ANALYZE: { grants: "analyze", on: "namespace" },
  CHANGE_STREAM: { grants: "changeStream", on: "any" },
  COLL_MOD: { grants: "collMod", on: "namespace" },
  COMPACT: { grants: "compact", on: "namespace" },
  CONVERT_TO_CAPPED: { grants: "convertToCapped", on: "namespace" },
  DROP_DATABASE: { grants: "dropDatabase", on: "namespace" },
  DROP_INDEX: { grants: "dropIndex", on: "namespace" },
  RE_INDEX: { grants: "reIndex", on: "namespace" },
  RENAME_COLLECTION_SAME_DB: { grants: "renameCollectionSameDB", on: "namespace" },
  SET_USER_WRITE_BLOCK: { grants: "setUserWriteBlockMode", on: "cluster" },
  BYPASS_USER_WRITE_BLOCK: { grants: "bypassWriteBlockingMode", on: "cluster" },
  LIST_SESSIONS: { grants: "listSessions", on: "cluster" },
  KILL_ANY_SESSION: { grants: "killAnySession", on: "cluster" },
  COLL_STATS: { grants: "collStats", on: "namespace" },
  CONN_POOL_STATS: { grants: "connPoolStats", on: "cluster" },
  DB_HASH: { grants: "dbHash", on: "namespace" },
  DB_STATS: { grants: "dbStats", on: "namespace" },
  GET_CMD_LINE_OPTS: { grants: "getCmdLineOpts", on: "cluster" },
  GET_LOG: { grants: "getLog", on: "cluster" },
  GET_PARAMETER: { grants: "getParameter", on: "cluster" },
  GET_SHARD_MAP: { grants: "getShardMap", on: "cluster" },
  HOST_INFO: { grants: "hostInfo", on: "cluster" },
  IN_PROG: { grants: "inprog", on: "cluster" },
  LIST_DATABASES: { grants: "listDatabases", on: "cluster" },
  LIST_COLLECTIONS: { grants: "listCollections", on: "namespace" },
  LIST_INDEXES: { grants: "listIndexes", on: "namespace" },
  LIST_SHARDS: { grants: "listShards", on: "cluster" },
  NET_STAT: { grants: "netstat", on: "cluster" },
  REPL_SET_GET_CONFIG: { grants: "replSetGetConfig", on: "cluster" },
  REPL_SET_GET_STATUS: { grants: "replSetGetStatus", on: "cluster" },
  SERVER_STATUS: { grants: "serverStatus", on: "cluster" },
  VALIDATE: { grants: "validate", on: "namespace" },
  SHARDING_STATE: { grants: "shardingState", on: "cluster" },
  TOP: { grants: "top", on: "any" },
  ...grantingNothing(DATA_FEDERATION, ["SQL_GET_SCHEMA", "SQL_SET_SCHEMA", "VIEW_ALL_HISTORY", "OUT_TO_S3", "OUT_TO_AZURE", "OUT_TO_GCS", "STORAGE_GET_CONFIG", "STORAGE_SET_CONFIG"]),
  FLUSH_ROUTER_CONFIG: { grants: "flushRouterConfig", on: "cluster" },
  ENABLE_SHARDING: { grants: "enableSharding", on: "any" },
  CHECK_METADATA_CONSISTENCY: { grants: "checkMetadataConsistency", on: "any" },
  MOVE_CHUNK: { grants: "moveChunk", on: "any" },
  SPLIT_CHUNK: { grants: "splitChunk", on: "any" },
  ANALYZE_SHARD_KEY: { grants: "analyzeShardKey", on: "any" },
  REFINE_COLLECTION_SHARD_KEY: { grants: "refineCollectionShardKey", on: "any" },
  CLEAR_JUMBO_FLAG: { grants: "clearJumboFlag", on: "any" },
  RESHARD_COLLECTION: { grants: "reshardCollection", on: "any" },
  SHARDED_DATA_DISTRIBUTION: { grants: "shardedDataDistribution", on: "any" },
  ...grantingNothing(STREAMS, [
    "GET_STREAM_PROCESSOR", "CREATE_STREAM_PROCESSOR", "PROCESS_STREAM_PROCESSOR", "MODIFY_STREAM_PROCESSOR", "START_STREAM_PROCESSOR", "STOP_STREAM_PROCESSOR",
    "DROP_STREAM_PROCESSOR", "SAMPLE_STREAM_PROCESSOR", "LIST_STREAM_PROCESSORS", "LIST_CONNECTIONS", "STREAM_PROCESSOR_STATS",
  ]),
  CREATE_SEARCH_INDEX: { grants: "createSearchIndexes", on: "namespace" },
  DROP_SEARCH_INDEX: { grants: "dropSearchIndex", on: "namespace" },
  LIST_SEARCH_INDEXES: { grants: "listSearchIndexes", on: "namespace" },
  UPDATE_SEARCH_INDEX: { grants: "updateSearchIndex", on: "namespace" },
  REPLSET_GET_CONFIG: { grants: "replSetGetConfig", on: "cluster" },
  REPLSET_GET_STATUS: { grants: "replSetGetStatus", on: "cluster" },
  ...grantingNothing(DATA_FEDERATION, ["OUT_TO_GCP"]),
  ...grantingNothing(ZONES, ["ADD_SHARD_TO_ZONE", "REMOVE_SHARD_FROM_ZONE", "UPDATE_ZONE_KEY_RANGE"]),
} as const satisfies Record<string, CustomRoleActionMeaning>;

/** One custom-role action name. */
export type CustomRoleActionName = keyof typeof CUSTOM_ROLE_ACTION_TABLE;

/** Every action Atlas's API accepts, in Atlas's order. */
export const CUSTOM_ROLE_ACTIONS = Object.keys(CUSTOM_ROLE_ACTION_TABLE) as readonly CustomRoleActionName[];

/** True when `name` is an action Atlas's API accepts. */
export function isCustomRoleAction(name: string): name is CustomRoleActionName {
  return Object.prototype.hasOwnProperty.call(CUSTOM_ROLE_ACTION_TABLE, name);
}

/** The resources `action` applies to. */
export function actionResourceKind(action: CustomRoleActionName): ActionResourceKind {
  return CUSTOM_ROLE_ACTION_TABLE[action].on;
}

/**
 * The mongod action a role definition's action grants: mongod's own camelCase name passes as it is, an
 * Atlas API name (`FIND`, `IN_PROG`, `CREATE_SEARCH_INDEX`) maps through the table. Returns null for an
 * Atlas action that grants nothing on a server, and undefined for a name that is neither.
 */
export function serverActionFor(name: string): ActionType | null | undefined {
  if (isActionType(name)) return name;
  return isCustomRoleAction(name) ? CUSTOM_ROLE_ACTION_TABLE[name].grants : undefined;
}
