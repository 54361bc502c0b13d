import { BSONRegExp, ObjectId, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { clientInputError } from "../../error-reply.js";

/** One entry of a write command's `writeErrors`: the statement's index, code and message. */
export function writeError(index: number, err: BackendError): Document {
  return { index, code: err.code, errmsg: err.message, ...err.extra };
}

/**
 * Runs each statement of a write command, collecting BackendErrors as writeErrors.
 * Ordered writes stop at the first error; unordered ones go on. Errors that describe the client's
 * input ({@link clientInputError}) count as write errors of that statement; any other error
 * aborts the whole command (and its transaction).
 */
export function eachStatement<T>(statements: readonly T[], ordered: boolean, run: (statement: T, index: number) => void): Document[] {
  const errors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      run(statements[i] as T, i);
    } catch (err) {
      const failure = err instanceof BackendError ? err : (clientInputError(err) ?? err);
      if (!(failure instanceof BackendError)) throw err;
      errors.push(writeError(i, failure));
      if (ordered) break;
    }
  }
  return errors;
}

/** Adds `writeErrors` to a write reply when there were any. */
export function withWriteErrors(reply: Document, errors: Document[]): Document {
  return errors.length > 0 ? { ...reply, writeErrors: errors, ok: 1 } : { ...reply, ok: 1 };
}

/**
 * The document as stored: `_id` first, generated as an ObjectId when missing; arrays,
 * regexes and undefined are refused as `_id` as mongod refuses them.
 */
export function withId(doc: Document): Document {
  if (!("_id" in doc) || doc["_id"] === undefined) return { _id: new ObjectId(), ...doc };
  const id: unknown = doc["_id"];
  if (Array.isArray(id)) throw new BackendError("InvalidIdField", "The '_id' value cannot be of type array");
  if (id instanceof RegExp || id instanceof BSONRegExp) throw new BackendError("InvalidIdField", "The '_id' value cannot be of type regex");
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
