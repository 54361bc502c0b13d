/**
 * The RFC 4518 "LDAP" string preparation that mongod applies (through ICU's `USPREP_RFC4518_LDAP`
 * profile, case-preserving, unassigned code points refused) to every character-string value of a
 * distinguished name.
 *
 * Steps, in RFC 4518 section 2 order: map (controls and format characters to nothing, whitespace-like
 * characters to U+0020), normalize to NFKC, refuse prohibited code points and code points unassigned
 * in Unicode 3.2. No bidi check and no insignificant-space handling: ICU's profile has neither, so
 * leading, trailing and repeated spaces survive. Two details follow ICU rather than the RFC's text,
 * checked against ICU 72 code point by code point (test/pki/dn-icu-oracle.test.ts): U+FFFD is allowed,
 * and NFKC is Unicode 3.2's, which differs from today's for five CJK compatibility ideographs.
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

/**
 * RFC 4518 section 2.2's map-to-nothing set as flattened inclusive ranges: soft hyphens, the combining
 * grapheme joiner, variation selectors, U+FFFC, U+200B, and every control (Cc) and format (Cf) code
 * point the RFC lists, other than the six whitespace controls below.
 */
const MAP_TO_NOTHING: readonly number[] = [
  0x0000, 0x0008, 0x000e, 0x001f, 0x007f, 0x0084, 0x0086, 0x009f, 0x00ad, 0x00ad, 0x034f, 0x034f,
  0x06dd, 0x06dd, 0x070f, 0x070f, 0x1806, 0x1806, 0x180b, 0x180e, 0x200b, 0x200f, 0x202a, 0x202e,
  0x2060, 0x2063, 0x206a, 0x206f, 0xfe00, 0xfe0f, 0xfeff, 0xfeff, 0xfff9, 0xfffc, 0x1d173, 0x1d17a,
  0xe0001, 0xe0001, 0xe0020, 0xe007f,
];
/** The whitespace controls (tab, LF, VT, FF, CR, NEL) and Unicode 3.2's other separators: to U+0020. */
const MAP_TO_SPACE: readonly number[] = [
  0x0009, 0x000d, 0x0085, 0x0085, 0x00a0, 0x00a0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029,
  0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
];
/** Unicode 4.0 corrected these decompositions (Corrigendum 4); ICU's stringprep keeps Unicode 3.2's. */
const UNICODE_3_2_DECOMPOSITIONS: ReadonlyMap<number, number> = new Map([
  [0x2f868, 0x2136a], [0x2f874, 0x5f33], [0x2f91f, 0x43ab], [0x2f95f, 0x7aae], [0x2f9bf, 0x4d57],
]);

function mapCodePoint(cp: number): string {
  if (inRanges(MAP_TO_SPACE, cp)) return " ";
  if (inRanges(MAP_TO_NOTHING, cp)) return "";
  return String.fromCodePoint(UNICODE_3_2_DECOMPOSITIONS.get(cp) ?? cp);
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
