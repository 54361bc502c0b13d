/**
 * Renders a document the way mongod's `BSONObj::toString()` does (the text inside "not authorized on
 * <db> to execute command { ... }"): `{ a: 1, b: "x" }`, arrays as `[ 1, 2 ]`, doubles through
 * `%.16g` with ".0" appended when the text has no '.', 'E' or 'N', `ObjectId('…')`, `UUID("…")`,
 * `BinData(<subtype>, <HEX>)`, `new Date(<ms>)`, `Timestamp(<s>, <i>)`, strings of 160+ bytes cut to
 * 150 bytes plus `..."`, and nesting deeper than 100 levels shown as `...`.
 *
 * The same text appears in authorization errors and in the embedded backend's errors such as
 * `E11000 ... dup key: { name: "x" }`, so both use this module.
 */
export function mongodBsonString(document: object): string {
  return renderObject(document, 0);
}

/** One BSON value (document, array or scalar) rendered as `mongodBsonString` renders a field's value. */
export function mongodValueString(value: unknown): string {
  return renderValue(value, 0);
}

const MAX_DEPTH = 100;
const UTF8 = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

// Rendering runs on every refused command, so it concatenates strings and uses indexed loops.
function renderObject(value: object, depth: number): string {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let text = "";
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    const v = record[keys[i]];
    if (typeof v === "function") continue;
    text += count++ === 0 ? "{ " : ", ";
    text += depth + 1 > MAX_DEPTH ? "..." : keys[i] + ": " + renderValue(v, depth + 1);
  }
  return count === 0 ? "{}" : text + " }";
}

function renderArray(value: readonly unknown[], depth: number): string {
  if (value.length === 0) return "[]";
  let text = "[ ";
  for (let i = 0; i < value.length; i++) {
    if (i > 0) text += ", ";
    text += depth + 1 > MAX_DEPTH ? "..." : renderValue(value[i], depth + 1);
  }
  return text + " ]";
}

function renderValue(value: unknown, depth: number): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return renderString(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      // The bson serializer writes integral numbers in int32 range as Int32, the rest as Double.
      return Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0) ? String(value) : doubleNice(value);
    case "bigint":
      return value.toString();
    case "object":
      break;
    default:
      return String(value);
  }
  if (Array.isArray(value)) return renderArray(value, depth);
  const type = (value as { _bsontype?: string })._bsontype;
  if (type === undefined) {
    if (value instanceof Date) return `new Date(${value.getTime()})`;
    if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
    if (value instanceof Uint8Array) return renderBinary(0, value);
    return renderObject(value, depth);
  }
  const v = value as Record<string, unknown> & { toString(): string; toHexString?(): string };
  switch (type) {
    case "Int32":
    case "Long":
      return v.toString();
    case "Double":
      return doubleNice(Number(v.valueOf()));
    case "Decimal128":
      return v.toString();
    case "ObjectId":
    case "ObjectID":
      return `ObjectId('${v.toHexString ? v.toHexString() : v.toString()}')`;
    case "Binary": {
      const binary = value as { sub_type: number; buffer: Uint8Array; position?: number };
      return renderBinary(binary.sub_type, binary.buffer.subarray(0, binary.position ?? binary.buffer.length));
    }
    case "Timestamp": {
      const ts = value as { t?: number; i?: number; high?: number; low?: number };
      return `Timestamp(${ts.t ?? ts.high ?? 0}, ${ts.i ?? ts.low ?? 0})`;
    }
    case "BSONRegExp": {
      const re = value as { pattern: string; options: string };
      return `/${re.pattern}/${re.options}`;
    }
    case "BSONSymbol":
      return renderString(String(v.valueOf()));
    case "Code": {
      const code = value as { code: string; scope?: object | null };
      if (code.scope && Object.keys(code.scope).length > 0) return `CodeWScope( ${code.code}, ${renderObject(code.scope, 0)})`;
      return truncateBytes(code.code, 80, 70, "...");
    }
    case "MinKey":
      return "MinKey";
    case "MaxKey":
      return "MaxKey";
    case "DBRef": {
      const ref = value as { collection: string; oid: unknown; db?: string };
      const doc: Record<string, unknown> = { $ref: ref.collection, $id: ref.oid };
      if (ref.db) doc.$db = ref.db;
      return renderObject(doc, depth);
    }
    default:
      return renderObject(value, depth);
  }
}

function renderString(text: string): string {
  return '"' + truncateBytes(text, 160, 150, '..."', '"');
}

/** mongod compares the size with its NUL terminator, hence `>= limit` on the bare byte length. */
function truncateBytes(text: string, limit: number, keep: number, marker: string, closing = ""): string {
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes, so short strings need no encoding to decide.
  if (text.length * 3 + 1 <= limit) return text + closing;
  const bytes = UTF8.encode(text);
  if (bytes.length + 1 <= limit) return text + closing;
  return UTF8_DECODER.decode(bytes.subarray(0, keep)) + marker;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex(bytes: Uint8Array, from: number, to: number): string {
  let text = "";
  for (let i = from; i < to; i++) text += HEX[bytes[i]];
  return text;
}

function renderBinary(subtype: number, bytes: Uint8Array): string {
  if (subtype === 4 && bytes.length === 16) {
    return `UUID("${hex(bytes, 0, 4)}-${hex(bytes, 4, 6)}-${hex(bytes, 6, 8)}-${hex(bytes, 8, 10)}-${hex(bytes, 10, 16)}")`;
  }
  const shown = bytes.length > 80 ? `${hex(bytes, 0, 70).toUpperCase()}...)` : `${hex(bytes, 0, bytes.length).toUpperCase()})`;
  return `BinData(${subtype}, ${shown}`;
}

/** C's `%.16g` followed by mongod's appendDoubleNice rule. */
export function doubleNice(x: number): string {
  const text = formatG16(x);
  return /[.EN]/.test(text) ? text : `${text}.0`;
}

function formatG16(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x < 0 ? "-inf" : "inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponentText] = x.toExponential(15).split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const digits = stripZeros(mantissa);
    const sign = exponent < 0 ? "-" : "+";
    return `${digits}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return stripZeros(x.toFixed(15 - exponent));
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}
