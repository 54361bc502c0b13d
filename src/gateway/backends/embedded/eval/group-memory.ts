/**
 * What a `$group` holds while it reads its input, accounted as it grows, as mongod accounts it: each new
 * group's key, and the values its `$push` and `$addToSet` accumulators collect (a value `$addToSet`
 * already holds for that group adds nothing). The other accumulators keep one value per group, which the
 * group's output accounting (`stage-memory.ts`) covers. Without this, a group with few keys but huge
 * arrays would be noticed only once its output was built, the whole input held in memory.
 */
import { calculateObjectSize, type Document } from "bson";
import { Context, evalExpr } from "mingo/core";
import * as accumulatorOperators from "mingo/operators/accumulator";
import * as expressionOperators from "mingo/operators/expression";
import type { Options } from "mingo/types";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";

/** The operators evaluating a group's `_id` and accumulator arguments may use. */
const CONTEXT = Context.init({ expression: expressionOperators, accumulator: accumulatorOperators });

/** Accumulators whose state grows with every document of their group. */
const GROWING = ["$push", "$addToSet"] as const;
type Growing = (typeof GROWING)[number];

interface GrowingAccumulator {
  readonly op: Growing;
  readonly expr: unknown;
}

/** The `$push` and `$addToSet` accumulators of a `$group` specification. */
function growingAccumulators(spec: Document): GrowingAccumulator[] {
  const found: GrowingAccumulator[] = [];
  for (const [field, accumulator] of Object.entries(spec)) {
    if (field === "_id" || !isPlainDocument(accumulator)) continue;
    const [op] = Object.keys(accumulator);
    if (op !== undefined && (GROWING as readonly string[]).includes(op)) found.push({ op: op as Growing, expr: accumulator[op] });
  }
  return found;
}

/** BSON bytes a value adds to an array. */
function valueBytes(value: unknown): number {
  return calculateObjectSize({ v: value }) - 5;
}

/**
 * Passes `source` on to a `$group` of specification `spec`, adding up what the group holds as each
 * document arrives and calling `exceeded` once that passes `limitBytes`. A group without `$push` or
 * `$addToSet` gets its input untouched.
 */
export function accountGroupInput(source: Iterable<Document>, spec: unknown, options: Partial<Options>, limitBytes: number, exceeded: () => Error): Iterable<Document> {
  if (!isPlainDocument(spec)) return source;
  const accumulators = growingAccumulators(spec);
  if (accumulators.length === 0) return source;
  return accounted(source, spec["_id"], accumulators, { ...options, context: CONTEXT } as Options, limitBytes, exceeded);
}

function* accounted(source: Iterable<Document>, idExpr: unknown, accumulators: readonly GrowingAccumulator[], options: Options, limitBytes: number, exceeded: () => Error): Generator<Document> {
  // Each group's key is held once; set members name their group by its number, so a large key is not copied per member.
  const groups = new Map<string, number>();
  const sets = new Set<string>();
  let held = 0;
  for (const doc of source) {
    const key = canonicalKey(evalExpr(doc, idExpr, options) ?? null).toString("latin1");
    let group = groups.get(key);
    if (group === undefined) {
      group = groups.size;
      groups.set(key, group);
      held += key.length;
    }
    accumulators.forEach(({ op, expr }, index) => {
      const value: unknown = evalExpr(doc, expr, options);
      if (value === undefined) return; // a missing field is not collected
      if (op === "$addToSet") {
        const member = `${index}\u0000${group}\u0000${canonicalKey(value).toString("latin1")}`;
        if (sets.has(member)) return;
        sets.add(member);
      }
      held += valueBytes(value);
    });
    if (held > limitBytes) throw exceeded();
    yield doc;
  }
}
