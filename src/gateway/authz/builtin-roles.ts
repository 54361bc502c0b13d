import type { BuiltinRoleName } from "../../roles/index.js";
import { ATLAS_ROLES } from "./atlas-roles.js";
import {
  CLUSTER_MANAGER_DB_ACTIONS, CLUSTER_MONITOR_DB_ACTIONS, DB_ADMIN_ACTIONS, PROFILE_ACTIONS, READ_ACTIONS,
  READ_WRITE_ACTIONS, RESTORE_WRITE_ACTIONS, USER_ADMIN_ACTIONS, WRITE_ACTIONS,
} from "./role-actions.js";
import { grant, type BuiltinRole } from "./role-template.js";

// Role definitions follow mongod's builtin_roles.yml (8.x era), including its shared action lists.

const MONGOD_ROLES = {
  read: {
    privileges: [grant({ match: "database" }, READ_ACTIONS), grant({ match: "exactNamespace", collection: "system.js" }, READ_ACTIONS)],
  },
  readWrite: {
    privileges: [grant({ match: "database" }, READ_WRITE_ACTIONS), grant({ match: "exactNamespace", collection: "system.js" }, READ_WRITE_ACTIONS)],
  },
  userAdmin: { privileges: [grant({ match: "database" }, USER_ADMIN_ACTIONS)] },
  dbAdmin: {
    privileges: [
      grant({ match: "database" }, DB_ADMIN_ACTIONS, ["configureQueryAnalyzer"]),
      grant({ match: "exactNamespace", collection: "system.profile" }, PROFILE_ACTIONS),
    ],
  },
  dbOwner: { roles: [{ role: "readWrite" }, { role: "dbAdmin" }, { role: "userAdmin" }], privileges: [] },
  enableSharding: {
    privileges: [grant({ match: "anyNormal" }, ["analyzeShardKey", "enableSharding", "moveCollection", "refineCollectionShardKey", "reshardCollection"])],
  },
  readAnyDatabase: {
    adminOnly: true,
    privileges: [
      grant({ match: "anyNormal" }, READ_ACTIONS),
      grant({ match: "cluster" }, ["listDatabases"]),
      grant({ match: "collection", collection: "system.js" }, READ_ACTIONS),
      grant({ match: "anySystemBuckets" }, READ_ACTIONS),
    ],
  },
  readWriteAnyDatabase: {
    adminOnly: true,
    roles: [{ role: "readAnyDatabase" }],
    privileges: [
      grant({ match: "anyNormal" }, READ_WRITE_ACTIONS),
      grant({ match: "collection", collection: "system.js" }, READ_WRITE_ACTIONS),
      grant({ match: "anySystemBuckets" }, READ_WRITE_ACTIONS),
    ],
  },
  userAdminAnyDatabase: {
    adminOnly: true,
    privileges: [
      grant({ match: "anyNormal" }, USER_ADMIN_ACTIONS, ["listCachedAndActiveUsers"]),
      grant({ match: "database", db: "local" }, USER_ADMIN_ACTIONS),
      grant({ match: "database", db: "config" }, USER_ADMIN_ACTIONS),
      grant({ match: "cluster" }, ["listDatabases", "authSchemaUpgrade", "invalidateUserCache", "viewUser"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.users" }, READ_ACTIONS, ["createIndex", "createSearchIndexes", "dropIndex", "dropSearchIndex"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.roles" }, READ_ACTIONS, ["createIndex", "createSearchIndexes", "dropIndex", "dropSearchIndex"]),
      grant({ match: "collection", collection: "system.users" }, READ_ACTIONS),
      grant({ match: "exactNamespace", db: "admin", collection: "system.version" }, READ_ACTIONS),
      grant({ match: "exactNamespace", db: "admin", collection: "system.backup_users" }, READ_ACTIONS),
    ],
  },
  dbAdminAnyDatabase: {
    adminOnly: true,
    privileges: [
      grant({ match: "cluster" }, ["listDatabases", "applyOps"]),
      grant({ match: "anyNormal" }, DB_ADMIN_ACTIONS, ["configureQueryAnalyzer"]),
      grant({ match: "collection", collection: "system.profile" }, PROFILE_ACTIONS),
      grant({ match: "anySystemBuckets" }, DB_ADMIN_ACTIONS),
    ],
  },
  clusterMonitor: {
    adminOnly: true,
    roles: [{ role: "read", db: "config" }, { role: "read", db: "local" }],
    privileges: [
      grant({ match: "cluster" }, [
        "connPoolStats", "getCmdLineOpts", "getDefaultRWConcern", "getLog", "getParameter", "getShardMap", "hostInfo",
        "listDatabases", "listSampledQueries", "listSessions", "listShards", "netstat", "operationMetrics",
        "replSetGetConfig", "replSetGetStatus", "serverStatus", "top", "useUUID", "inprog", "shardingState",
        "allCollectionStats", "shardedDataDistribution",
      ]),
      grant({ match: "anyNormal" }, CLUSTER_MONITOR_DB_ACTIONS),
      grant({ match: "database", db: "config" }, CLUSTER_MONITOR_DB_ACTIONS),
      grant({ match: "exactNamespace", db: "config", collection: "system.sessions" }, CLUSTER_MONITOR_DB_ACTIONS),
      grant({ match: "database", db: "local" }, CLUSTER_MONITOR_DB_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "system.replset" }, ["find"]),
      grant({ match: "exactNamespace", db: "local", collection: "replset.election" }, ["find"]),
      grant({ match: "exactNamespace", db: "local", collection: "replset.minvalid" }, ["find"]),
      grant({ match: "collection", collection: "system.profile" }, ["find"]),
    ],
  },
  hostManager: {
    adminOnly: true,
    privileges: [
      grant({ match: "cluster" }, [
        "applicationMessage", "auditConfigure", "connPoolSync", "dropConnections", "logRotate", "oidReset", "setParameter",
        "shutdown", "touch", "unlock", "flushRouterConfig", "fsync", "invalidateUserCache", "killAnyCursor",
        "killAnySession", "killop", "replSetResizeOplog", "resync", "trafficRecord", "rotateCertificates",
        "oidcListKeys", "oidcRefreshKeys",
      ]),
      grant({ match: "anyNormal" }, ["killCursors"]),
    ],
  },
  clusterManager: {
    adminOnly: true,
    roles: [{ role: "read", db: "config" }],
    privileges: [
      grant({ match: "cluster" }, [
        "appendOplogNote", "applicationMessage", "replSetConfigure", "replSetGetConfig", "replSetGetStatus",
        "replSetStateChange", "resync", "addShard", "removeShard", "listSessions", "listShards", "flushRouterConfig",
        "cleanupOrphaned", "getDefaultRWConcern", "runTenantMigration", "setDefaultRWConcern",
        "setFeatureCompatibilityVersion", "setClusterParameter", "getClusterParameter", "setChangeStreamState",
        "getChangeStreamState", "querySettings", "queryStatsRead", "queryStatsReadTransformed",
        "checkMetadataConsistency", "transitionFromDedicatedConfigServer", "transitionToDedicatedConfigServer",
      ]),
      grant({ match: "anyNormal" }, CLUSTER_MANAGER_DB_ACTIONS),
      grant({ match: "anySystemBuckets" }, CLUSTER_MANAGER_DB_ACTIONS),
      grant({ match: "database", db: "config" }, CLUSTER_MANAGER_DB_ACTIONS, WRITE_ACTIONS),
      grant({ match: "database", db: "local" }, CLUSTER_MANAGER_DB_ACTIONS, WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "system.replset" }, READ_ACTIONS),
      grant({ match: "any" }, ["dbCheck"]),
      grant({ match: "exactNamespace", db: "local", collection: "system.healthlog" }, READ_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "replset.election" }, WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "replset.minvalid" }, WRITE_ACTIONS),
    ],
  },
  clusterAdmin: {
    adminOnly: true,
    roles: [{ role: "clusterMonitor" }, { role: "hostManager" }, { role: "clusterManager" }],
    privileges: [grant({ match: "anyNormal" }, ["dropDatabase"]), grant({ match: "any" }, ["importCollection", "exportCollection"])],
  },
  __queryableBackup: {
    adminOnly: true,
    privileges: [
      grant({ match: "any" }, ["collStats", "listCollections", "listIndexes", "listSearchIndexes"]),
      grant({ match: "anyNormal" }, ["find"]),
      grant({ match: "anySystemBuckets" }, ["find"]),
      grant({ match: "cluster" }, ["getParameter", "listDatabases", "useUUID"]),
      grant({ match: "database", db: "config" }, ["find"]),
      grant({ match: "database", db: "local" }, ["find"]),
      grant({ match: "exactNamespace", db: "local", collection: "replset.election" }, ["find"]),
      grant({ match: "exactNamespace", db: "local", collection: "replset.minvalid" }, ["find"]),
      grant({ match: "collection", collection: "system.js" }, ["find"]),
      grant({ match: "collection", collection: "system.users" }, ["find"]),
      grant({ match: "collection", collection: "system.profile" }, ["find"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.backup_users" }, ["find"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.roles" }, ["find"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.version" }, ["find"]),
      grant({ match: "exactNamespace", db: "config", collection: "settings" }, ["find"]),
    ],
  },
  backup: {
    adminOnly: true,
    roles: [{ role: "__queryableBackup" }],
    privileges: [
      grant({ match: "cluster" }, ["appendOplogNote", "serverStatus", "setUserWriteBlockMode"]),
      grant({ match: "exactNamespace", db: "config", collection: "settings" }, ["insert", "update"]),
    ],
  },
  restore: {
    adminOnly: true,
    privileges: [
      grant({ match: "cluster" }, ["getParameter", "forceUUID", "useUUID", "bypassWriteBlockingMode", "setUserWriteBlockMode", "applyOps"]),
      grant({ match: "database", db: "local" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "database", db: "config" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "anySystemBuckets" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "system.replset" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "replset.election" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "local", collection: "replset.minvalid" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "any" }, ["listCollections"]),
      grant({ match: "anyNormal" }, RESTORE_WRITE_ACTIONS, USER_ADMIN_ACTIONS),
      grant({ match: "collection", collection: "system.js" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "admin", collection: "tempusers" }, ["find"]),
      grant({ match: "exactNamespace", db: "admin", collection: "temproles" }, ["find"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.backup_users" }, RESTORE_WRITE_ACTIONS),
      grant({ match: "exactNamespace", db: "admin", collection: "system.version" }, RESTORE_WRITE_ACTIONS, ["find"]),
      grant({ match: "collection", collection: "system.users" }, RESTORE_WRITE_ACTIONS, ["find", "update", "remove"]),
      grant({ match: "exactNamespace", db: "admin", collection: "system.roles" }, ["createIndex"]),
    ],
  },
} satisfies Record<string, BuiltinRole>;

type DefinedRoleName = keyof typeof MONGOD_ROLES | keyof typeof ATLAS_ROLES;
/** Compiles only when the roles defined here are exactly the vocabulary's BUILTIN_ROLE_NAMES. */
const DEFINES_EVERY_NAMED_ROLE: [DefinedRoleName] extends [BuiltinRoleName] ? ([BuiltinRoleName] extends [DefinedRoleName] ? true : never) : never = true;
void DEFINES_EVERY_NAMED_ROLE;

const ALL_ROLES: Readonly<Record<BuiltinRoleName, BuiltinRole>> = { ...MONGOD_ROLES, ...ATLAS_ROLES };

/** Returns the built-in role named `name`, or undefined. */
export function builtinRole(name: string): BuiltinRole | undefined {
  return Object.prototype.hasOwnProperty.call(ALL_ROLES, name) ? ALL_ROLES[name as BuiltinRoleName] : undefined;
}
