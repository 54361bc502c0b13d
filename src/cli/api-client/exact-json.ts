/**
 * JSON for the CLI that keeps 64-bit integers exact: a certificate's `_id` is its serial number, an
 * int64 above 2^53 that a JS `number` would round. Such integers are read as `bigint`; every other
 * number stays a `number`.
 */
import { isSafeNumber, parse, stringify } from "lossless-json";

/** Parses JSON text; integers beyond the safe range become `bigint`. */
export function parseExactJson(text: string): unknown {
  return parse(text, null, (value) => (isSafeNumber(value) || !/^-?\d+$/.test(value) ? Number(value) : BigInt(value)));
}

/** Writes JSON with `bigint` values as bare integers, indented by `indent` spaces (0: on one line, for request bodies). */
export function stringifyExactJson(value: unknown, indent = 2): string {
  return stringify(value, null, indent) ?? "null";
}
