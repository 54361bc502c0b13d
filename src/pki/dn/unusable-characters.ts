/**
 * True for C0 and C1 control characters (mongod's name normalization drops them, so a name holding
 * one could never match its certificate) and for unpaired surrogates (they have no UTF-8 encoding).
 */
export function hasUnusableCharacter(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}
