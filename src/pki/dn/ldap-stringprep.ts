/**
 * The RFC 4518 "LDAP" string preparation that mongod applies (through ICU's `USPREP_RFC4518_LDAP`
 * profile, case-preserving) to every character-string value of a distinguished name.
 *
 * Steps, in RFC 4518 section 2 order: map (controls and a few invisible characters to nothing,
 * whitespace-like characters to U+0020), normalize to NFKC, reject prohibited code points and code
 * points unassigned in Unicode 3.2. No bidi check and no insignificant-space handling: ICU's profile
 * has neither, so leading, trailing and repeated spaces survive.
 */
import { PROHIBITED, UNASSIGNED_IN_UNICODE_3_2, inRanges } from "./rfc3454-tables.js";

/** Why a value could not be prepared; `codePoint` is the offending character. */
export class StringprepError extends Error {
  override readonly name = "StringprepError";
  readonly codePoint: number;

  constructor(message: string, codePoint: number) {
    super(message);
    this.codePoint = codePoint;
  }
}

const MAP_TO_NOTHING = new Set([0x00ad, 0x1806, 0x034f, 0x180b, 0x180c, 0x180d, 0xfffc, 0x200b]);
const MAP_TO_SPACE_CONTROLS = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x85]);
// Unicode 3.2's space, line and paragraph separators (Zs, Zl, Zp) other than U+0020 and U+200B.
const SEPARATORS = new Set([0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

function isControl(cp: number): boolean {
  return cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
}

function mapCodePoint(cp: number): string {
  if (MAP_TO_SPACE_CONTROLS.has(cp)) return " ";
  if (MAP_TO_NOTHING.has(cp) || (cp >= 0xfe00 && cp <= 0xfe0f) || isControl(cp)) return "";
  if (SEPARATORS.has(cp) || (cp >= 0x2000 && cp <= 0x200a)) return " ";
  return String.fromCodePoint(cp);
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Prepares one attribute value as mongod does. Throws {@link StringprepError} naming the code point
 * when the value holds an unassigned (Unicode 3.2) or prohibited character.
 */
export function ldapStringprep(value: string): string {
  let mapped = "";
  for (const char of value) {
    const cp = char.codePointAt(0) as number;
    if (inRanges(UNASSIGNED_IN_UNICODE_3_2, cp)) {
      throw new StringprepError(`character ${hex(cp)} is unassigned in Unicode 3.2 (RFC 3454 table A.1)`, cp);
    }
    mapped += mapCodePoint(cp);
  }
  const normalized = mapped.normalize("NFKC");
  for (const char of normalized) {
    const cp = char.codePointAt(0) as number;
    if (inRanges(PROHIBITED, cp)) {
      throw new StringprepError(`character ${hex(cp)} is prohibited by RFC 4518 (RFC 3454 tables C.3-C.8)`, cp);
    }
  }
  return normalized;
}
