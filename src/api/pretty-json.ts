/**
 * Atlas's pretty-printed JSON.
 *
 * Atlas answers `?pretty=true` with Jackson's default pretty printer: objects indent by two spaces per
 * level, keys and values are separated by `" : "`, arrays stay on the line that opens them (`[ {`),
 * and empty containers print as `{ }` and `[ ]`. Arrays don't add a level of indentation, only objects
 * do. Values of type `bigint` are written as exact integers (certificate serials exceed 2^53).
 */

/** Serializes `value` the way Atlas pretty-prints, BigInt-safe. */
export function prettyJson(value: unknown): string {
  return write(value, 0) ?? "null";
}

function write(value: unknown, depth: number): string | undefined {
  const v = toJsonValue(value);
  if (v === undefined) return undefined;
  if (v === null) return "null";
  switch (typeof v) {
    case "bigint":
      return v.toString();
    case "number":
      return Number.isFinite(v) ? String(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return JSON.stringify(v);
    case "object":
      return Array.isArray(v) ? writeArray(v, depth) : writeObject(v as Record<string, unknown>, depth);
    default:
      return undefined;
  }
}

function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return (value as { toJSON: () => unknown }).toJSON();
  }
  return value;
}

function writeArray(items: unknown[], depth: number): string {
  if (items.length === 0) return "[ ]";
  return `[ ${items.map((item) => write(item, depth) ?? "null").join(", ")} ]`;
}

function writeObject(obj: Record<string, unknown>, depth: number): string {
  const inner = "  ".repeat(depth + 1);
  const fields: string[] = [];
  for (const [key, raw] of Object.entries(obj)) {
    const text = write(raw, depth + 1);
    if (text !== undefined) fields.push(`${inner}${JSON.stringify(key)} : ${text}`);
  }
  if (fields.length === 0) return "{ }";
  return `{\n${fields.join(",\n")}\n${"  ".repeat(depth)}}`;
}
