import type { Document } from "bson";
import { Query } from "mingo";
import { BackendError } from "../../backend-error.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import { queryOptions } from "../eval/query-options.js";
import { isPlainDocument } from "./canonical-key.js";

/** A collection's document validator (the `validator` option of `create`). */
export interface Validator {
  readonly query: Query;
  /** "moderate" lets updates of documents that already failed validation through. */
  readonly level: "strict" | "moderate";
}

/**
 * The validator in a collection's options, or undefined when there is none or it is off
 * (`validationLevel: "off"`, or `validationAction: "warn"`, which never refuses a write).
 * `$jsonSchema` needs a schema engine the embedded backend doesn't have, so it is refused when
 * the collection is created rather than accepted and not enforced.
 */
export function parseValidator(options: Document): Validator | undefined {
  const validator = options["validator"];
  if (validator === undefined) return undefined;
  if (!isPlainDocument(validator)) throw new BackendError("TypeMismatch", "'validator' must be a document");
  if (containsKey(validator, "$jsonSchema")) {
    throw new BackendError("CommandNotSupported", "$jsonSchema validators are not supported by the embedded backend");
  }
  const level = options["validationLevel"] ?? "strict";
  const action = options["validationAction"] ?? "error";
  if (level !== "strict" && level !== "moderate" && level !== "off") throw new BackendError("BadValue", `invalid validationLevel: ${String(level)}`);
  if (action !== "error" && action !== "warn") throw new BackendError("BadValue", `invalid validationAction: ${String(action)}`);
  const query = new Query(toEvalDocument(validator), queryOptions());
  if (level === "off" || action === "warn") return undefined;
  return { query, level };
}

/**
 * Refuses a document the validator rejects, with mongod's DocumentValidationFailure (121).
 * `previous` is the document an update replaces: under "moderate", an update of a document
 * that was already invalid is allowed.
 */
export function checkValidator(validator: Validator | undefined, doc: Document, previous?: Document): void {
  if (!validator || validator.query.test(toEvalDocument(doc))) return;
  if (previous && validator.level === "moderate" && !validator.query.test(toEvalDocument(previous))) return;
  throw new BackendError("DocumentValidationFailure", "Document failed validation", { extra: { errInfo: { failingDocumentId: doc["_id"] } } });
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsKey(v, key));
  if (!isPlainDocument(value)) return false;
  return Object.entries(value).some(([k, v]) => k === key || containsKey(v, key));
}
