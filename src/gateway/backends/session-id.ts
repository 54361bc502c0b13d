import { Binary } from "bson";
import { BackendError } from "./backend-error.js";
import { bsonTypeName } from "./embedded/commands/command-args.js";

const UUID_SUBTYPE = 4;

/** The field path mongod's IDL parser prints for an element of `endSessions`. */
export const ENDSESSIONS_CONTEXT = "EndSessionsCmdFromClient.endSessions";

/**
 * Checks a logical session id as mongod's IDL parser does (`LogicalSessionFromClient`): a document
 * whose `id` is a UUID (binData subtype 4). `context` is the field path mongod prints, e.g.
 * `OperationSessionInfo.lsid` for a command's `lsid`. TypeMismatch (14) for a wrong type, 40414 for
 * a missing `id`.
 */
export function checkLogicalSessionId(value: unknown, context: string): asserts value is { id: Binary } {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Binary) {
    throw new BackendError("TypeMismatch", `BSON field '${context}' is the wrong type '${bsonTypeName(value)}', expected type 'object'`);
  }
  const id: unknown = (value as { id?: unknown }).id;
  const idPath = `${context}.id`;
  if (id === undefined) throw new BackendError("Location40414", `BSON field '${idPath}' is missing but a required field`);
  if (!(id instanceof Binary)) throw new BackendError("TypeMismatch", `BSON field '${idPath}' is the wrong type '${bsonTypeName(id)}', expected type 'binData'`);
  if (id.sub_type !== UUID_SUBTYPE || id.length() !== 16) {
    throw new BackendError("TypeMismatch", `BSON field '${idPath}' is the wrong binData type '${id.sub_type}', expected type 'UUID'`);
  }
}

/** The `lsid` of a command, checked when present. */
export function checkCommandLsid(body: Record<string, unknown>): void {
  if (Object.hasOwn(body, "lsid")) checkLogicalSessionId(body["lsid"], "OperationSessionInfo.lsid");
}
