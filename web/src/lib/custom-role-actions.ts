/**
 * The privilege actions Atlas accepts in custom roles (its `DatabasePrivilegeAction` enum), grouped as
 * the dialog lists them. `cluster: true` marks actions MongoDB defines on the cluster resource, so the
 * dialog proposes the cluster scope for them.
 */
export interface ActionGroup {
  label: string;
  cluster: boolean;
  actions: readonly string[];
}

/** Every action, by group. */
export const ACTION_GROUPS: readonly ActionGroup[] = [
  { label: "Query and write", cluster: false, actions: ["FIND", "INSERT", "REMOVE", "UPDATE", "BYPASS_DOCUMENT_VALIDATION"] },
  {
    label: "Database management",
    cluster: false,
    actions: [
      "CREATE_COLLECTION",
      "CREATE_INDEX",
      "DROP_COLLECTION",
      "ENABLE_PROFILER",
      "KILL_ANY_CURSOR",
      "ANALYZE",
      "CHANGE_STREAM",
      "COLL_MOD",
      "COMPACT",
      "CONVERT_TO_CAPPED",
      "DROP_DATABASE",
      "DROP_INDEX",
      "RE_INDEX",
      "RENAME_COLLECTION_SAME_DB",
      "CREATE_SEARCH_INDEX",
      "DROP_SEARCH_INDEX",
      "LIST_SEARCH_INDEXES",
      "UPDATE_SEARCH_INDEX",
    ],
  },
  { label: "Diagnostics (database)", cluster: false, actions: ["COLL_STATS", "DB_HASH", "DB_STATS", "LIST_COLLECTIONS", "LIST_INDEXES", "VALIDATE"] },
  {
    label: "Server administration",
    cluster: true,
    actions: [
      "USE_UUID",
      "KILL_OP",
      "BYPASS_DEFAULT_MAX_TIME_MS",
      "SET_USER_WRITE_BLOCK",
      "BYPASS_USER_WRITE_BLOCK",
      "LIST_SESSIONS",
      "KILL_ANY_SESSION",
      "CONN_POOL_STATS",
      "GET_CMD_LINE_OPTS",
      "GET_LOG",
      "GET_PARAMETER",
      "HOST_INFO",
      "IN_PROG",
      "LIST_DATABASES",
      "NET_STAT",
      "REPL_SET_GET_CONFIG",
      "REPL_SET_GET_STATUS",
      "SERVER_STATUS",
      "TOP",
    ],
  },
  {
    label: "Sharding",
    cluster: true,
    actions: [
      "GET_SHARD_MAP",
      "LIST_SHARDS",
      "SHARDING_STATE",
      "FLUSH_ROUTER_CONFIG",
      "ENABLE_SHARDING",
      "CHECK_METADATA_CONSISTENCY",
      "MOVE_CHUNK",
      "SPLIT_CHUNK",
      "ANALYZE_SHARD_KEY",
      "REFINE_COLLECTION_SHARD_KEY",
      "CLEAR_JUMBO_FLAG",
      "RESHARD_COLLECTION",
      "SHARDED_DATA_DISTRIBUTION",
    ],
  },
  {
    label: "Atlas Data Federation and streams",
    cluster: true,
    actions: [
      "SQL_GET_SCHEMA",
      "SQL_SET_SCHEMA",
      "VIEW_ALL_HISTORY",
      "OUT_TO_S3",
      "OUT_TO_AZURE",
      "OUT_TO_GCS",
      "STORAGE_GET_CONFIG",
      "STORAGE_SET_CONFIG",
      "GET_STREAM_PROCESSOR",
      "CREATE_STREAM_PROCESSOR",
      "PROCESS_STREAM_PROCESSOR",
      "MODIFY_STREAM_PROCESSOR",
      "START_STREAM_PROCESSOR",
      "STOP_STREAM_PROCESSOR",
      "DROP_STREAM_PROCESSOR",
      "SAMPLE_STREAM_PROCESSOR",
      "LIST_STREAM_PROCESSORS",
      "LIST_CONNECTIONS",
      "STREAM_PROCESSOR_STATS",
    ],
  },
];

const CLUSTER_ACTIONS: ReadonlySet<string> = new Set(ACTION_GROUPS.filter((g) => g.cluster).flatMap((g) => g.actions));

/** Whether the dialog should propose the cluster scope for `action`. */
export function isClusterAction(action: string): boolean {
  return CLUSTER_ACTIONS.has(action);
}

/** Built-in roles a custom role may inherit, and whether each exists only on `admin`. */
export const INHERITABLE_ROLES: readonly { role: string; adminOnly: boolean }[] = [
  { role: "read", adminOnly: false },
  { role: "readWrite", adminOnly: false },
  { role: "dbAdmin", adminOnly: false },
  { role: "readAnyDatabase", adminOnly: true },
  { role: "readWriteAnyDatabase", adminOnly: true },
  { role: "dbAdminAnyDatabase", adminOnly: true },
  { role: "clusterMonitor", adminOnly: true },
  { role: "backup", adminOnly: true },
  { role: "enableSharding", adminOnly: true },
];
