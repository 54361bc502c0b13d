import { grant, type BuiltinRole } from "./role-template.js";

/**
 * Roles Atlas defines beyond mongod's. `atlasAdmin` follows Atlas's current description: it inherits
 * readWriteAnyDatabase, dbAdminAnyDatabase, clusterMonitor, backup and enableSharding, and adds a set of
 * sharding and maintenance actions plus `update` on `config.settings` (balancer control). Atlas's
 * `autoCompact` and `setQuerySettings`/`removeQuerySettings` are commands, granted here through the
 * `compact` and `querySettings` actions they check.
 */
export const ATLAS_ROLES = {
  atlasAdmin: {
    adminOnly: true,
    roles: [
      { role: "readWriteAnyDatabase" },
      { role: "dbAdminAnyDatabase" },
      { role: "clusterMonitor" },
      { role: "backup" },
      { role: "enableSharding" },
    ],
    privileges: [
      grant({ match: "cluster" }, [
        "checkMetadataConsistency", "cleanupOrphaned", "flushRouterConfig", "killAnyCursor", "querySettings",
        "shardedDataDistribution",
      ]),
      grant({ match: "anyNormal" }, [
        "analyzeShardKey", "clearJumboFlag", "compact", "killAnyCursor", "moveChunk", "refineCollectionShardKey",
        "reshardCollection", "splitChunk", "viewRole",
      ]),
      grant({ match: "exactNamespace", db: "config", collection: "settings" }, ["update"]),
    ],
  },
} satisfies Record<string, BuiltinRole>;
