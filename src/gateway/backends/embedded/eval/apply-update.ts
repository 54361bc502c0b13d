import type { Document } from "bson";
import { update as applyOperators, updateOne } from "mingo";
import type { Modifier, PipelineStage } from "mingo/updater";
import { BackendError } from "../../backend-error.js";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";
import { mongodValueString } from "../../../mongod-text/mongod-bson-string.js";
import { evalKey, restoreTypes, toEval, toEvalDocument, toEvalKeys } from "./bson-eval.js";
import { queryOptions } from "./query-options.js";
import { getOwn, setOwn } from "../../../../shared/own-property.js";
import { bsonTypeName } from "../commands/command-args.js";

/** The three forms of an update statement's `u`. */
export type UpdateKind = "operators" | "replacement" | "pipeline";

/**
 * Operators whose operands are compared or computed with document values, so they get the
 * same numeric conversion as the documents. `$set`, `$setOnInsert` and `$push` store their
 * operands and keep them as sent, BSON types included.
 */
const COMPARED_OPERANDS = new Set(["$inc", "$mul", "$min", "$max", "$bit", "$addToSet", "$pull", "$pullAll"]);

/** The update operators mongod knows and the embedded engine applies. */
const UPDATE_OPERATORS = new Set([
  "$addToSet", "$bit", "$currentDate", "$inc", "$max", "$min", "$mul", "$pop", "$pull", "$pullAll", "$push", "$rename", "$set", "$setOnInsert", "$unset",
]);

/** Classifies `u` and refuses documents mixing operators and plain fields, or naming unknown operators. */
export function updateKind(u: unknown): UpdateKind {
  if (Array.isArray(u)) {
    for (const stage of u) checkPipelineStage(stage);
    return "pipeline";
  }
  if (!isPlainDocument(u)) throw new BackendError("FailedToParse", "Update argument must be either an object or an array");
  const keys = Object.keys(u);
  const operators = keys.filter((k) => k.startsWith("$"));
  if (operators.length === 0) return "replacement";
  const plain = keys.find((k) => !UPDATE_OPERATORS.has(k));
  if (plain !== undefined) {
    throw new BackendError("FailedToParse", `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const operator of operators) {
    const operand: unknown = getOwn(u, operator);
    if (!isPlainDocument(operand)) {
      throw new BackendError(
        "FailedToParse",
        `Modifiers operate on fields but we found type ${bsonTypeName(operand)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${mongodValueString(operand)}}`,
      );
    }
  }
  return "operators";
}

/** mongod's check of one pipeline stage's shape (a document with exactly one field). */
export function checkPipelineStage(stage: unknown): void {
  if (!isPlainDocument(stage)) {
    throw new BackendError("TypeMismatch", "Each element of the 'pipeline' array must be an object");
  }
  if (Object.keys(stage).length !== 1) {
    throw new BackendError("Location40323", "A pipeline stage specification object must contain exactly one field.");
  }
}

/** How an update is applied to one document. */
export interface ApplyOptions {
  /** The statement's filter (needed by the positional `$` operator). */
  readonly filter: Document;
  readonly arrayFilters?: readonly Document[];
  /** True when the document is the seed of an upsert: `$setOnInsert` applies. */
  readonly inserting: boolean;
}

/**
 * The document that results from applying `u` to `original`, with the original's BSON
 * numeric types restored. `_id` may not change (ImmutableField).
 */
export function applyUpdate(original: Document, u: Document | Document[], options: ApplyOptions): Document {
  const kind = updateKind(u);
  let updated: Document;
  if (kind === "replacement") {
    updated = { _id: original["_id"], ...(u as Document) };
  } else {
    const target = toEvalDocument(original);
    if (kind === "pipeline") {
      const docs = [target];
      updateOne(docs, {}, toEval(u) as PipelineStage[], {}, queryOptions());
      updated = restoreTypes(docs[0], original) as Document;
    } else {
      const modifier = operatorsFor(u as Document, options.inserting);
      if (Object.keys(modifier).length > 0) {
        const arrayFilters = options.arrayFilters?.map(toEvalDocument);
        applyOperators(target, modifier as Modifier<Document>, arrayFilters, toEvalDocument(options.filter), { cloneMode: "deep", queryOptions: queryOptions() });
      }
      updated = restoreTypes(target, original) as Document;
    }
  }
  if (original["_id"] !== undefined && !canonicalKey(updated["_id"]).equals(canonicalKey(original["_id"]))) {
    throw new BackendError(
      "ImmutableField",
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${mongodValueString(updated["_id"])}`,
    );
  }
  return updated;
}

function operatorsFor(u: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [op, operand] of Object.entries(u)) {
    if (op === "$setOnInsert") continue;
    setOwn(modifier, op, COMPARED_OPERANDS.has(op) ? toEval(operand) : op === "$rename" ? renameTargets(operand) : toEvalKeys(operand));
  }
  const onInsert = u["$setOnInsert"] as Document | undefined;
  if (inserting && onInsert) modifier["$set"] = { ...(modifier["$set"] as Document | undefined), ...(toEvalKeys(onInsert) as Document) };
  return modifier;
}

/** `$rename`'s operand in evaluation form: its values are field paths too. */
function renameTargets(operand: unknown): unknown {
  if (!isPlainDocument(operand)) return operand;
  return Object.fromEntries(Object.entries(operand).map(([from, to]) => [evalKey(from), typeof to === "string" ? evalKey(to) : to]));
}

/**
 * The document an upsert starts from: the filter's equality conditions (top-level fields,
 * `$eq`, and those inside `$and`), with dotted paths expanded into embedded documents.
 */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainDocument(clause)) collectEqualities(clause, seed);
      continue;
    }
    if (field.startsWith("$")) continue;
    if (isPlainDocument(condition)) {
      const keys = Object.keys(condition);
      if (keys.some((k) => k.startsWith("$"))) {
        if (keys.length === 1 && keys[0] === "$eq") setPath(seed, field, condition["$eq"]);
        continue;
      }
    }
    setPath(seed, field, condition);
  }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainDocument(getOwn(node, part))) setOwn(node, part, {});
    node = getOwn(node, part) as Document;
  }
  setOwn(node, parts[parts.length - 1] as string, value);
}
