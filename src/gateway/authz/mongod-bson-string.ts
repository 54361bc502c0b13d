/**
 * Renders a document the way mongod's `BSONObj::toString()` does (the text inside "not authorized on
 * <db> to execute command { ... }"): `{ a: 1, b: "x" }`, arrays as `[ 1, 2 ]`, doubles through
 * `%.16g` with ".0" appended when the text has no '.', 'E' or 'N', `ObjectId('…')`, `UUID("…")`,
 * `BinData(<subtype>, <HEX>)`, `new Date(<ms>)`, `Timestamp(<s>, <i>)`, strings of 160+ bytes cut to
 * 150 bytes plus `..."`, and nesting deeper than 100 levels shown as `...`.
 */
export function mongodBsonString(document: object): string {
  const out: string[] = [];
  writeObject(out, document, false, 0);
  return out.join("");
}

const MAX_DEPTH = 100;
const UTF8 = new TextEncoder();
const UTF8_DECODER = new TextDecoder();

function writeObject(out: string[], value: object, isArray: boolean, depth: number): void {
  const entries = isArray ? (value as unknown[]).map((v): [string, unknown] => ["", v]) : Object.entries(value);
  const present = entries.filter(([, v]) => typeof v !== "function");
  if (present.length === 0) {
    out.push(isArray ? "[]" : "{}");
    return;
  }
  out.push(isArray ? "[ " : "{ ");
  present.forEach(([key, v], index) => {
    if (index > 0) out.push(", ");
    if (depth + 1 > MAX_DEPTH) {
      out.push("...");
      return;
    }
    if (!isArray) out.push(key, ": ");
    writeValue(out, v, depth + 1);
  });
  out.push(isArray ? " ]" : " }");
}

function writeValue(out: string[], value: unknown, depth: number): void {
  if (value === null || value === undefined) return void out.push("null");
  switch (typeof value) {
    case "string":
      return writeString(out, value);
    case "boolean":
      return void out.push(value ? "true" : "false");
    case "number":
      // The bson serializer writes integral numbers in int32 range as Int32, the rest as Double.
      return void out.push(Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0) ? String(value) : doubleNice(value));
    case "bigint":
      return void out.push(value.toString());
    case "object":
      break;
    default:
      return void out.push(String(value));
  }
  if (Array.isArray(value)) return writeObject(out, value, true, depth);
  if (value instanceof Date) return void out.push(`new Date(${value.getTime()})`);
  if (value instanceof RegExp) return void out.push(`/${value.source}/${value.flags}`);
  if (Buffer.isBuffer(value)) return writeBinary(out, 0, value);
  const type = (value as { _bsontype?: string })._bsontype;
  const v = value as Record<string, unknown> & { toString(): string; toHexString?(): string };
  switch (type) {
    case "Int32":
    case "Long":
      return void out.push(String(v.toString()));
    case "Double":
      return void out.push(doubleNice(Number(v.valueOf())));
    case "Decimal128":
      return void out.push(v.toString());
    case "ObjectId":
    case "ObjectID":
      return void out.push(`ObjectId('${v.toHexString ? v.toHexString() : v.toString()}')`);
    case "Binary": {
      const binary = value as { sub_type: number; buffer: Uint8Array; position?: number };
      const bytes = binary.buffer.subarray(0, binary.position ?? binary.buffer.length);
      return writeBinary(out, binary.sub_type, bytes);
    }
    case "Timestamp": {
      const ts = value as { t?: number; i?: number; high?: number; low?: number };
      return void out.push(`Timestamp(${ts.t ?? ts.high ?? 0}, ${ts.i ?? ts.low ?? 0})`);
    }
    case "BSONRegExp": {
      const re = value as { pattern: string; options: string };
      return void out.push(`/${re.pattern}/${re.options}`);
    }
    case "BSONSymbol":
      return writeString(out, String(v.valueOf()));
    case "Code": {
      const code = value as { code: string; scope?: object | null };
      if (code.scope && Object.keys(code.scope).length > 0) {
        out.push(`CodeWScope( ${code.code}, `);
        writeObject(out, code.scope, false, 0);
        return void out.push(")");
      }
      return void out.push(truncateBytes(code.code, 80, 70, "..."));
    }
    case "MinKey":
      return void out.push("MinKey");
    case "MaxKey":
      return void out.push("MaxKey");
    case "DBRef": {
      const ref = value as { collection: string; oid: unknown; db?: string };
      const doc: Record<string, unknown> = { $ref: ref.collection, $id: ref.oid };
      if (ref.db) doc.$db = ref.db;
      return writeObject(out, doc, false, depth);
    }
    default:
      return writeObject(out, value, false, depth);
  }
}

function writeString(out: string[], text: string): void {
  out.push('"', truncateBytes(text, 160, 150, '..."', '"'));
}

/** mongod compares the size with its NUL terminator, hence `>= limit` on the bare byte length. */
function truncateBytes(text: string, limit: number, keep: number, marker: string, closing = ""): string {
  const bytes = UTF8.encode(text);
  if (bytes.length + 1 <= limit) return text + closing;
  return UTF8_DECODER.decode(bytes.subarray(0, keep)) + marker;
}

function writeBinary(out: string[], subtype: number, bytes: Uint8Array): void {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  if (subtype === 4 && bytes.length === 16) {
    return void out.push(`UUID("${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}")`);
  }
  const shown = bytes.length > 80 ? `${hex.slice(0, 140).toUpperCase()}...)` : `${hex.toUpperCase()})`;
  out.push(`BinData(${subtype}, ${shown}`);
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
