/** certgate's store: open it, then call the repositories with `store.db` or a transaction. */
export type { Store, StoreDialect, OpenStoreParams, StoreQueryObserver } from "./store.js";
export { STORE_DIALECTS } from "./store.js";
export type { Database } from "./schema.js";
export { openStore, storeParamsForDataDir, SQLITE_FILE_NAME } from "./open-store.js";
export { migrateToLatest, listAppliedMigrations } from "./migrate.js";
export { isUniqueViolation, isForeignKeyViolation } from "./constraint-errors.js";
export * from "./repos/organizations.js";
export * from "./repos/api-keys.js";
export * from "./repos/database-users.js";
export * from "./repos/managed-cas.js";
export * from "./repos/certificates.js";
export * from "./repos/customer-cas.js";
export * from "./repos/custom-roles.js";
export * from "./repos/events.js";
export * from "./repos/nonces.js";
export * from "./repos/change-counters.js";
