/**
 * JSON that carries 64-bit integers exactly, for every part of certgate (API responses, the CLI).
 *
 * Atlas reports a certificate's serial number as `_id`, a JSON int64 whose values exceed 2^53, so it
 * must never pass through a JS `number`. lossless-json writes `bigint` values as bare JSON integers and
 * reads integers beyond the safe range back as `bigint`; every other value behaves as with `JSON`.
 */
import { isSafeNumber, parse, stringify } from "lossless-json";

/** Serializes like `JSON.stringify`, writing `bigint` values as exact JSON integers. */
export function stringifyJson(value: unknown, indent?: number): string {
  return stringify(value, null, indent) ?? "null";
}

/** Parses JSON text; integers beyond 2^53 become `bigint`, every other number stays a `number`. */
export function parseJson(text: string): unknown {
  return parse(text, null, (value) => (isSafeNumber(value) || !/^-?\d+$/.test(value) ? Number(value) : BigInt(value)));
}
