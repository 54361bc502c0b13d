/**
 * The audit filter (`--audit-filter`, a MongoDB query document as mongod's `auditLog.filter`), compiled
 * once at start-up. mingo evaluates any query; the queries operators usually write (equality, `$ne`,
 * `$in`, `$nin`, `$exists`, `$gt`/`$gte`/`$lt`/`$lte` on numbers and strings, `$and`/`$or`/`$nor`) on the
 * messages' scalar fields are compiled to plain JavaScript instead, with mingo's results (a test holds
 * the two equal), since mingo costs microseconds per message and every command may be audited.
 */
import { Query } from "mingo";
import { ConfigError, SERVER_SETTINGS } from "../../shared/config.js";
import type { AuditMessage } from "./audit-message.js";

type Predicate = (message: AuditMessage) => boolean;
type Scalar = string | number | boolean | null;

/** Top-level fields holding a scalar, and objects whose own fields all hold scalars. */
const SCALAR_FIELDS = new Set(["atype", "result", "cluster", "connectionId"]);
const SCALAR_OBJECTS = new Set(["param", "remote", "local"]);

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The reader of a field path whose value is always a scalar or missing; undefined for any other path. */
function scalarReader(path: string): ((message: AuditMessage) => unknown) | undefined {
  const parts = path.split(".");
  if (parts.length === 1 && SCALAR_FIELDS.has(path)) return (m) => (m as unknown as Record<string, unknown>)[path];
  const [object, field] = parts as [string, string];
  if (parts.length !== 2 || !SCALAR_OBJECTS.has(object) || field === "" || /^\d+$/.test(field)) return undefined;
  return (m) => {
    const value = (m as unknown as Record<string, Record<string, unknown> | undefined>)[object];
    // Only the message's own fields: `param.constructor` names nothing in a message.
    return value !== undefined && Object.hasOwn(value, field) ? value[field] : undefined;
  };
}

/** MongoDB's equality of a scalar field with a scalar: `null` also matches a missing field. */
function equals(value: unknown, expected: Scalar): boolean {
  return expected === null ? value === null || value === undefined : value === expected;
}

function compare(op: string, expected: unknown): ((value: unknown) => boolean) | undefined {
  if (typeof expected !== "number" && typeof expected !== "string") return undefined;
  const sameType = (value: unknown): value is typeof expected => typeof value === typeof expected && !(typeof value === "number" && Number.isNaN(value));
  if (typeof expected === "number" && Number.isNaN(expected)) return undefined;
  switch (op) {
    case "$gt":
      return (v) => sameType(v) && v > expected;
    case "$gte":
      return (v) => sameType(v) && v >= expected;
    case "$lt":
      return (v) => sameType(v) && v < expected;
    case "$lte":
      return (v) => sameType(v) && v <= expected;
    default:
      return undefined;
  }
}

/** One operator of a field's condition, or undefined when it is not compiled. */
function operator(op: string, argument: unknown): ((value: unknown) => boolean) | undefined {
  switch (op) {
    case "$eq":
      return isScalar(argument) ? (v) => equals(v, argument) : undefined;
    case "$ne":
      return isScalar(argument) ? (v) => !equals(v, argument) : undefined;
    case "$in":
    case "$nin": {
      if (!Array.isArray(argument) || !argument.every(isScalar)) return undefined;
      const values = argument as Scalar[];
      const within = (v: unknown): boolean => values.some((expected) => equals(v, expected));
      return op === "$in" ? within : (v) => !within(v);
    }
    case "$exists":
      return typeof argument === "boolean" ? (v) => (v !== undefined) === argument : undefined;
    default:
      return compare(op, argument);
  }
}

function allOf<T>(tests: Array<(x: T) => boolean>): (x: T) => boolean {
  if (tests.length === 1) return tests[0] as (x: T) => boolean;
  return (x) => tests.every((test) => test(x));
}

/** A field's condition: a scalar (equality) or an object of operators. */
function fieldCondition(path: string, condition: unknown): Predicate | undefined {
  const read = scalarReader(path);
  if (read === undefined) return undefined;
  if (isScalar(condition)) return (m) => equals(read(m), condition);
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.entries(condition);
  if (ops.length === 0) return undefined;
  const tests: Array<(value: unknown) => boolean> = [];
  for (const [op, argument] of ops) {
    const test = operator(op, argument);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  const test = allOf(tests);
  return (m) => test(read(m));
}

/** A query document compiled to JavaScript, or undefined when it uses anything not compiled here. */
export function compileFastFilter(filter: Record<string, unknown>): Predicate | undefined {
  const tests: Predicate[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(condition) || condition.length === 0) return undefined;
      const parts: Predicate[] = [];
      for (const part of condition as unknown[]) {
        const compiled = isPlainObject(part) ? compileFastFilter(part) : undefined;
        if (compiled === undefined) return undefined;
        parts.push(compiled);
      }
      if (key === "$and") tests.push(allOf(parts));
      else if (key === "$or") tests.push((m) => parts.some((p) => p(m)));
      else tests.push((m) => !parts.some((p) => p(m)));
      continue;
    }
    if (key.startsWith("$")) return undefined;
    const test = fieldCondition(key, condition);
    if (test === undefined) return undefined;
    tests.push(test);
  }
  return tests.length === 0 ? () => true : allOf(tests);
}

/** The filter evaluated by mingo, any query it accepts; an operator it does not know fails here. */
export function mingoFilter(filter: Record<string, unknown>): Predicate {
  const query = new Query(filter);
  // mingo reports some unknown operators only when a document reaches them.
  query.test({ atype: "authenticate", ts: new Date(0), remote: { ip: "", port: 0 }, users: [], roles: [], param: {}, result: 0 });
  return (message) => query.test(message as unknown as Record<string, unknown>);
}

/** Compiles `filter` for the audit log; a query mingo cannot evaluate fails here, at start-up. */
export function compileAuditFilter(filter: Record<string, unknown> | undefined): Predicate | undefined {
  if (filter === undefined) return undefined;
  let slow: Predicate;
  try {
    slow = mingoFilter(filter);
  } catch (error) {
    throw new ConfigError(`${SERVER_SETTINGS.auditFilter.env} is not a query certgate can evaluate: ${error instanceof Error ? error.message : String(error)}`);
  }
  return compileFastFilter(filter) ?? slow;
}
