/**
 * Parses RFC 4514 / RFC 2253 distinguished-name strings with mongod's rules (its `parseDN`), plus
 * the attribute-name aliases of {@link resolveAttributeName}.
 *
 * Accepted: spaces around RDNs and around `=` (`CN=foo, OU=bar`); `\XX` hex escapes (decoded as UTF-8
 * bytes); `\` before `, + " \ < > ; # = ` and space; raw UTF-8; `=` and a non-leading `#` unescaped;
 * empty values. Refused, with the 1-based character position: unescaped `" \ < > ;`, a bad escape,
 * an unknown attribute name, an empty DN or RDN, and a value starting with `#` unless it is one
 * complete DER value of a type a certificate may hold. OpenSSL prints `#`-hex for binary values and
 * for every value of an attribute type it has no name for, so accepting it is what makes pasting
 * OpenSSL's output work; a `#` string value is read exactly as the same bytes in a certificate would
 * be. mongod's own parser refuses every `#` value.
 *
 * Spaces: leading unescaped spaces of a value are skipped and trailing unescaped ones dropped (RFC
 * 4514 wants them escaped), so `CN=Jane Doe , OU=Sales` means what it looks like; spaces before an
 * escaped character are kept, so mongod's `CN=x \ ` is the value `"x  "`. One exception reads
 * mongod's own quirk back: it prints the value `"a "` (one character and a space) as `CN=a `, so a
 * value typed as exactly one plain ASCII character and one space keeps that space. (mongod's parser
 * keeps every unescaped trailing space unless escaped ones follow.)
 */
import { PkiError } from "../pki-error.js";
import { resolveAttributeName } from "./attribute-names.js";
import type { Dn, DnAttribute } from "./dn-types.js";
import { SubjectValueError, subjectAttribute } from "./subject-value.js";

const MUST_ESCAPE = new Set([",", "+", '"', "\\", "<", ">", ";"]);
const MAY_ESCAPE = new Set([" ", "#", "="]);
const HEX_DIGIT = /^[0-9A-Fa-f]$/;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function fail(problem: string, position: number): never {
  throw new PkiError("INVALID_DN", `invalid DN: ${problem} at position ${position}`);
}

/** A cursor over the code points of the DN text; positions are 1-based code point numbers. */
class Cursor {
  private index = 0;
  constructor(private readonly chars: readonly string[]) {}
  get done(): boolean { return this.index >= this.chars.length; }
  get position(): number { return this.index + 1; }
  peek(): string | undefined { return this.chars[this.index]; }
  next(): string | undefined { return this.chars[this.index++]; }
  skipSpaces(): void { while (this.peek() === " ") this.index += 1; }
}

function parseAttributeType(cursor: Cursor): string {
  const start = cursor.position;
  const first = cursor.peek();
  if (first === undefined) fail("expected an attribute name", start);
  const isOid = /[0-9]/.test(first);
  if (!isOid && !/[A-Za-z]/.test(first)) fail(`attribute names must begin with a letter or digit, not '${first}'`, start);
  let name = "";
  for (let char = cursor.peek(); char !== undefined && char !== "=" && char !== " "; char = cursor.peek()) {
    const allowed = isOid ? /[0-9.]/.test(char) : /[A-Za-z0-9-]/.test(char) || (/^oid(\.|$)/i.test(name) && /[0-9.]/.test(char));
    if (!allowed) fail(`attribute name '${name}${char}' contains the invalid character '${char}'`, cursor.position);
    name += cursor.next();
  }
  cursor.skipSpaces();
  if (cursor.next() !== "=") fail(`expected '=' after attribute name '${name}'`, cursor.position - 1);
  const lookup = resolveAttributeName(name);
  if ("problem" in lookup) fail(lookup.problem, start);
  return lookup.oid;
}

function parseHexValue(cursor: Cursor, oid: string): DnAttribute {
  const start = cursor.position;
  cursor.next();
  let digits = "";
  while (cursor.peek() !== undefined && HEX_DIGIT.test(cursor.peek() as string)) digits += cursor.next();
  cursor.skipSpaces();
  const after = cursor.peek();
  if (after !== undefined && after !== "," && after !== "+") fail(`'#' value contains the non-hex character '${after}'`, cursor.position);
  if (digits.length === 0 || digits.length % 2 !== 0) fail("'#' must be followed by an even number of hex digits (raw DER)", start);
  try {
    return subjectAttribute(oid, Buffer.from(digits, "hex"));
  } catch (error) {
    if (error instanceof SubjectValueError) return fail(`'#${digits}' cannot be used: ${error.message}`, start);
    return fail(`'#${digits}' is not one DER value (${(error as Error).message})`, start);
  }
}

/** True for the one-character values that mongod prints with a bare trailing space (`CN=a `). */
function isQuirkPrefix(char: string): boolean {
  return char.length === 1 && char.charCodeAt(0) < 0x80 && char !== " " && char !== "#" && !MUST_ESCAPE.has(char);
}

function parseStringValue(cursor: Cursor, oid: string): DnAttribute {
  const bytes: number[] = [];
  const start = cursor.position;
  let significantLength = 0;
  let tokens = 0;
  let quirkPrefix = false;
  for (let char = cursor.peek(); char !== undefined && char !== "," && char !== "+"; char = cursor.peek()) {
    const position = cursor.position;
    cursor.next();
    tokens += 1;
    if (char === "\\") {
      const escaped = cursor.next();
      if (escaped === undefined) fail("the value ends with a lone '\\'", position);
      if (MUST_ESCAPE.has(escaped) || MAY_ESCAPE.has(escaped)) {
        bytes.push(escaped.charCodeAt(0));
      } else if (HEX_DIGIT.test(escaped)) {
        const low = cursor.next();
        if (low === undefined || !HEX_DIGIT.test(low)) fail(`'\\${escaped}' must be followed by a second hex digit`, position);
        bytes.push(parseInt(escaped + low, 16));
      } else {
        fail(`'\\${escaped}' is not a valid escape`, position);
      }
      significantLength = bytes.length;
    } else if (MUST_ESCAPE.has(char)) {
      fail(`'${char}' must be escaped as '\\${char}'`, position);
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
      if (char !== " ") significantLength = bytes.length;
      if (tokens === 1) quirkPrefix = isQuirkPrefix(char);
    }
  }
  const keepAll = tokens === 2 && quirkPrefix && bytes.length === 2 && bytes[1] === 0x20;
  try {
    return { oid, value: utf8.decode(Uint8Array.from(keepAll ? bytes : bytes.slice(0, significantLength))) };
  } catch {
    return fail("the value's escaped bytes are not valid UTF-8", start);
  }
}

/**
 * Parses a DN string into RDNs in printed order. Values come back unescaped but not normalized
 * (see `normalizeDn`). Throws `PkiError("INVALID_DN")` naming the problem and its position.
 */
export function parseDn(text: string): Dn {
  if (/\p{Surrogate}/u.test(text)) throw new PkiError("INVALID_DN", "invalid DN: the text is not valid Unicode (lone surrogate)");
  const cursor = new Cursor(Array.from(text));
  cursor.skipSpaces();
  if (cursor.done) throw new PkiError("INVALID_DN", "invalid DN: the DN is empty");
  const rdns: DnAttribute[][] = [[]];
  for (;;) {
    cursor.skipSpaces();
    const oid = parseAttributeType(cursor);
    cursor.skipSpaces();
    const attribute = cursor.peek() === "#" ? parseHexValue(cursor, oid) : parseStringValue(cursor, oid);
    (rdns[rdns.length - 1] as DnAttribute[]).push(attribute);
    const separator = cursor.next();
    if (separator === undefined) break;
    cursor.skipSpaces();
    if (cursor.done) fail(`the DN ends with '${separator}' instead of another attribute`, cursor.position - 1);
    if (separator === ",") rdns.push([]);
  }
  return rdns;
}
