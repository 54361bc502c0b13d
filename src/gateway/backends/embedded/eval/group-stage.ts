/**
 * `$group`, with what it holds accounted as it reads its input, as mongod accounts it: each new group's
 * key, and the values its `$push` and `$addToSet` accumulators collect (a value `$addToSet` already holds
 * for that group adds nothing). The other accumulators keep one value per group, which the group's output
 * accounting (`stage-memory.ts`) covers. Past the limit the stage stops reading at once, so a group with
 * few keys but huge arrays is not noticed only after the whole input was held.
 *
 * It groups and accumulates as mingo's own `$group` does (its value hashing, `null` for a missing key or
 * pushed value), but evaluates each document's `_id` and each `$push`/`$addToSet` argument once: the
 * values accounted are the values collected. The other accumulators run over each group's documents, as
 * mingo runs them.
 */
import { calculateObjectSize, type Document } from "bson";
import { evalExpr } from "mingo/core";
import type { Options } from "mingo/types";
import { HashMap, isNil, MingoError, unique } from "mingo/util";
import { setOwn } from "../../../../shared/own-property.js";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";

/** The bound a `$group` is run under: past `limitBytes` held, it throws what `exceeded` makes. */
export interface GroupMemoryLimit {
  readonly limitBytes: number;
  readonly exceeded: () => Error;
}

/** Accumulators whose state grows with every document of their group. */
const GROWING = new Set(["$push", "$addToSet"]);

/**
 * The per-evaluation options mingo passes to pipeline operators (its `ComputeOptions`, not exported by
 * mingo): `init` copies one and `update` sets its locals, as mingo's `$group` does for each group (the
 * `N` accumulators read their `n` against the group's key).
 */
interface ComputeOptions extends Options {
  update(locals: { root: unknown; groupId: unknown }): ComputeOptions;
}
function computeOptions(options: Options): ComputeOptions {
  const computeOptionsClass = options.constructor as { init?: (options: Options) => ComputeOptions };
  if (typeof computeOptionsClass.init !== "function") throw new MingoError("$group runs inside an aggregation pipeline");
  return computeOptionsClass.init(options);
}

interface Group {
  readonly docs: Document[];
  /** What each `$push`/`$addToSet` field collected, in the order of `growing`. */
  readonly collected: unknown[][];
  readonly index: number;
}

/** BSON bytes a value adds to an array. */
function valueBytes(value: unknown): number {
  return calculateObjectSize({ v: value }) - 5;
}

/** The documents `$group: spec` produces from `source`; with `memory`, throws once it holds more than its limit. */
export function* groupStage(source: Iterable<Document>, spec: unknown, options: Options, memory?: GroupMemoryLimit): Generator<Document> {
  if (!isPlainDocument(spec) || !Object.hasOwn(spec, "_id")) throw new MingoError("$group specification must include an '_id'");
  const idExpr = spec["_id"];
  const fields = Object.keys(spec).filter((field) => field !== "_id");
  const growing = fields.flatMap((field) => growingAccumulator(field, spec[field]));
  const others = fields.filter((field) => !growing.some((g) => g.field === field));
  const groups = HashMap.init() as Map<unknown, Group>;
  const copts = computeOptions(options);
  // Each group's key is held once; set members name their group by its number, so a large key is not copied per member.
  const members = new Set<string>();
  let held = 0;
  for (const doc of source) {
    const key: unknown = evalExpr(doc, idExpr, options) ?? null;
    let group = groups.get(key);
    if (group === undefined) {
      group = { docs: [], collected: growing.map(() => []), index: groups.size };
      groups.set(key, group);
      if (memory !== undefined) held += canonicalKey(key).length;
    }
    if (others.length > 0) group.docs.push(doc);
    for (const [i, { op, expr }] of growing.entries()) {
      const value: unknown = isNil(expr) ? doc : evalExpr(doc, expr, copts.update({ root: doc, groupId: key }));
      group.collected[i]?.push(value ?? null);
      if (memory === undefined || value === undefined) continue; // a missing value is collected as null but holds nothing
      if (op === "$addToSet") {
        const member = `${i}\u0000${group.index}\u0000${canonicalKey(value).toString("latin1")}`;
        if (members.has(member)) continue;
        members.add(member);
      }
      held += valueBytes(value);
    }
    if (memory !== undefined && held > memory.limitBytes) throw memory.exceeded();
  }
  for (const [groupId, group] of groups) {
    const out: Document = {};
    if (groupId !== undefined) out["_id"] = groupId;
    const groupOptions = computeOptions(options).update({ root: null, groupId });
    for (const field of fields) {
      const index = growing.findIndex((g) => g.field === field);
      if (index < 0) setOwn(out, field, evalExpr(group.docs, spec[field], groupOptions));
      else {
        const collected = group.collected[index] ?? [];
        setOwn(out, field, growing[index]?.op === "$addToSet" ? unique(collected) : collected);
      }
    }
    yield out;
  }
}

interface GrowingAccumulator {
  readonly field: string;
  readonly op: string;
  readonly expr: unknown;
}

/** The field's accumulator when it is a `$push` or `$addToSet` (none otherwise). */
function growingAccumulator(field: string, accumulator: unknown): GrowingAccumulator[] {
  if (!isPlainDocument(accumulator)) return [];
  const ops = Object.keys(accumulator);
  const op = ops[0];
  return ops.length === 1 && op !== undefined && GROWING.has(op) ? [{ field, op, expr: accumulator[op] }] : [];
}
