/**
 * JSON that carries 64-bit integers exactly.
 *
 * Atlas reports a certificate's serial number as `_id`, a JSON int64 whose values exceed 2^53, so it
 * must never pass through a JS `number`. Values of type `bigint` are written as bare JSON integers.
 */

const BIGINT_MARK = "\u0000bigint:";

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${BIGINT_MARK}${value.toString()}` : value;
}

const markedString = new RegExp(`"${BIGINT_MARK.replace("\u0000", "\\\\u0000")}(-?\\d+)"`, "g");

/** Serializes like JSON.stringify, writing bigint values as unquoted integers. */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, replacer, indent);
  return text === undefined ? text : text.replace(markedString, "$1");
}
