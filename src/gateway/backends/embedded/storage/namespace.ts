import { BackendError } from "../../backend-error.js";

const FORBIDDEN_DB_CHARS = /[/\\. "$*<>:|?\0]/;
const MAX_DB_NAME_BYTES = 63;

/** Refuses database names mongod refuses (empty, too long, or holding `/\. "$*<>:|?`). */
export function validateDbName(db: string): void {
  if (db.length === 0 || Buffer.byteLength(db) > MAX_DB_NAME_BYTES || FORBIDDEN_DB_CHARS.test(db)) {
    throw new BackendError("InvalidNamespace", `Invalid database name: '${db}'`);
  }
}

/**
 * Refuses collection names a client may not create: empty, holding `$` or NUL, or in the
 * reserved `system.` prefix (those collections belong to the server).
 */
export function validateCollectionName(db: string, name: string): void {
  validateDbName(db);
  if (name.length === 0 || name.includes("$") || name.includes("\0") || name.startsWith(".") || name.startsWith("system.")) {
    throw new BackendError("InvalidNamespace", `Invalid namespace specified '${db}.${name}'`);
  }
}
