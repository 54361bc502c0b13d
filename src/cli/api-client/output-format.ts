/** The `--output` formats of the administration commands. */
import { stringifyJson } from "../../shared/json.js";

/** `table` is for people, `json` is the API's answer as is (int64s exact). */
export const OUTPUT_FORMATS = ["table", "json"] as const;
/** One of `OUTPUT_FORMATS`. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Checks a `--output` value. */
export function parseOutputFormat(value: string): OutputFormat {
  const format = OUTPUT_FORMATS.find((f) => f === value.toLowerCase());
  if (!format) throw new Error(`--output must be one of ${OUTPUT_FORMATS.join(", ")}, got "${value}"`);
  return format;
}

/** Writes `value` as `format`: JSON as the API answered, or the text `table()` makes of it. */
export function printResult(format: OutputFormat, value: unknown, table: () => string): void {
  process.stdout.write(format === "json" ? `${stringifyJson(value, 2)}\n` : table());
}
