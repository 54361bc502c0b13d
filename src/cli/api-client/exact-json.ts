/**
 * JSON for the CLI that keeps 64-bit integers exact: a certificate's `_id` is its serial number, an
 * int64 above 2^53 that a JS `number` would round. Such integers are read as `bigint`.
 */
import { parse, parseNumberAndBigInt, stringify } from "lossless-json";

/** Parses JSON text; integers beyond the safe range become `bigint`. */
export function parseExactJson(text: string): unknown {
  return parse(text, null, parseNumberAndBigInt);
}

/** Writes a value parsed by `parseExactJson` (or built by the CLI) back to JSON, indented by two spaces. */
export function stringifyExactJson(value: unknown): string {
  return stringify(value, null, 2) ?? "null";
}
