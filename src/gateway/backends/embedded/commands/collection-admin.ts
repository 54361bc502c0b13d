import { deserialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import { indexEntries } from "../storage/index-keys.js";
import { scanCollection } from "../storage/document-source.js";
import { parseValidator } from "../storage/validator.js";
import { collectionArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { setOwn } from "../../../../shared/own-property.js";

/** Generic command fields that are not collMod options. */
const GENERIC_FIELDS = new Set(["$db", "lsid", "$clusterTime", "$readPreference", "writeConcern", "apiVersion", "apiStrict", "apiDeprecationErrors", "comment", "maxTimeMS", "txnNumber", "autocommit"]);

/** The collMod options the embedded backend applies; the rest it refuses by name. */
const VALIDATION_OPTIONS = new Set(["validator", "validationLevel", "validationAction"]);

/**
 * `collMod`: changes a collection's validator, validationLevel and validationAction. Other
 * options (index changes, views, TTL, capped sizes, ...) need engine features the embedded backend
 * doesn't have and are refused with CommandNotSupported naming them.
 */
export function collMod(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const changes = Object.entries(command).slice(1).filter(([key]) => !GENERIC_FIELDS.has(key));
  const unsupported = changes.map(([key]) => key).filter((key) => !VALIDATION_OPTIONS.has(key));
  if (unsupported.length > 0) {
    throw new BackendError("CommandNotSupported", `collMod ${unsupported.map((k) => `'${k}'`).join(", ")} is not supported by the embedded backend; validator, validationLevel and validationAction are`);
  }
  return env.write(() => {
    const handle = env.catalog.find(db, name);
    if (!handle) throw new BackendError("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
    const options: Document = deserialize(handle.row.options, { promoteLongs: false, promoteValues: false });
    for (const [key, value] of changes) options[key] = value;
    if (options.validator !== undefined && Object.keys(options.validator as Document).length === 0) delete options.validator;
    parseValidator(options);
    env.catalog.setOptions(handle, options);
    return { ok: 1 };
  });
}

/**
 * `validate`: reads every document (a record that does not decode is corrupt), checks each against
 * the collection's validator, and compares every index's stored entries with the entries the
 * documents call for.
 */
export function validate(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const handle = env.catalog.find(db, name);
  if (!handle) throw new BackendError("NamespaceNotFound", `Collection '${db}.${name}' does not exist to validate.`);
  const options: Document = deserialize(handle.row.options, { promoteLongs: false });
  const validator = options.validator === undefined ? undefined : parseValidator({ validator: options.validator });
  const errors: string[] = [];
  const expected = new Map<string, number>(handle.indexes.map((i) => [i.name, 0]));
  let nrecords = 0;
  let nInvalidDocuments = 0;
  let nNonCompliantDocuments = 0;
  for (const stored of scanCollection(env.store, handle.row.id)) {
    nrecords++;
    if (validator !== undefined && !validator.query.test(toEvalDocument(stored.doc))) nNonCompliantDocuments++;
    for (const index of handle.indexes) {
      try {
        expected.set(index.name, (expected.get(index.name) ?? 0) + indexEntries(index, stored.doc).length);
      } catch {
        nInvalidDocuments++;
      }
    }
  }
  const keysPerIndex: Document = { _id_: nrecords };
  const indexDetails: Document = { _id_: { valid: true } };
  for (const index of handle.indexes) {
    const stored = env.store.indexEntryCount(index.id);
    const wanted = expected.get(index.name) ?? 0;
    setOwn(keysPerIndex, index.name, stored);
    const valid = stored === wanted;
    setOwn(indexDetails, index.name, { valid });
    if (!valid) errors.push(`index '${index.name}' has ${stored} entries but the documents call for ${wanted}`);
  }
  return {
    ns: handle.ns,
    nInvalidDocuments,
    nNonCompliantDocuments,
    nrecords,
    nIndexes: handle.indexes.length + 1,
    keysPerIndex,
    indexDetails,
    valid: errors.length === 0 && nInvalidDocuments === 0,
    repaired: false,
    warnings: nNonCompliantDocuments > 0 ? [`Detected ${nNonCompliantDocuments} schema-noncompliant documents.`] : [],
    errors,
    extraIndexEntries: [],
    missingIndexEntries: [],
    corruptRecords: [],
    ok: 1,
  };
}

/** `dataSize: "<db>.<collection>"`: the BSON size and count of a collection's documents. */
export function dataSize(command: Document, env: CommandEnv): Document {
  const ns: unknown = command.dataSize;
  const dot = typeof ns === "string" ? ns.indexOf(".") : -1;
  if (typeof ns !== "string" || dot <= 0) throw new BackendError("InvalidNamespace", `Invalid namespace specified '${String(ns)}'`);
  if (command.keyPattern !== undefined || command.min !== undefined || command.max !== undefined) {
    throw new BackendError("CommandNotSupported", "dataSize with keyPattern, min or max is not supported by the embedded backend");
  }
  const started = Date.now();
  const handle = env.catalog.find(ns.slice(0, dot), ns.slice(dot + 1));
  const figures = handle === undefined ? { count: 0, dataSize: 0 } : env.store.figures(handle.row.id);
  return { estimate: false, size: figures.dataSize, numObjects: figures.count, millis: Date.now() - started, ok: 1 };
}
