import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { compare } from "mingo/util";
import { toEval } from "../eval/bson-eval.js";
import { runQuery } from "../eval/query-runner.js";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";
import { collectionArg, countArg, documentArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";

/** `count`: matches of `query` after `skip`, up to `limit`; `{n, ok}`. */
export function count(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  requireSimpleCollation(command);
  const name = collectionArg(command, db);
  const matches = runQuery(env.store, env.catalog.find(db, name), {
    skip: countArg(command, "skip"),
    limit: countArg(command, "limit"),
    filter: documentArg(command, "query") ?? {},
  });
  let n = 0;
  for (const _ of matches) n++;
  return { n, ok: 1 };
}

/**
 * `distinct`: the distinct values of `key` among matches of `query`; array values
 * contribute their elements, numbers of different BSON types count as one value, and the
 * values come sorted in BSON order, as mongod's distinct set does. `{values, ok}`.
 */
export function distinct(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  requireSimpleCollation(command);
  const name = collectionArg(command, db);
  const key = command["key"];
  if (typeof key !== "string") throw new BackendError("TypeMismatch", "BSON field 'distinct.key' is missing or not a string");
  const seen = new Map<string, unknown>();
  for (const match of runQuery(env.store, env.catalog.find(db, name), { filter: documentArg(command, "query") ?? {} })) {
    for (const value of valuesAt(match.doc, key.split("."))) {
      const k = canonicalKey(value).toString("hex");
      if (!seen.has(k)) seen.set(k, value);
    }
  }
  const values = [...seen.values()].sort((a, b) => compare(toEval(a), toEval(b)));
  return { values, ok: 1 };
}

function valuesAt(value: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return Array.isArray(value) ? value : value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((el) => (isPlainDocument(el) ? valuesAt(el, parts) : []));
  if (!isPlainDocument(value)) return [];
  const [head, ...rest] = parts as [string, ...string[]];
  return valuesAt(value[head], rest);
}
