import { WireError } from "./wire-error.js";

/**
 * Reads a NUL-terminated UTF-8 string starting at `start` and ending before `limit`.
 * Throws {@link WireError} when no terminator is found or the bytes are not valid UTF-8.
 */
export function readCString(buffer: Buffer, start: number, limit = buffer.length): { value: string; next: number } {
  const nul = buffer.indexOf(0, start);
  if (nul === -1 || nul >= limit) {
    throw new WireError("INVALID_CSTRING", `string at offset ${start} has no NUL terminator`);
  }
  const bytes = buffer.subarray(start, nul);
  let value: string;
  try {
    value = UTF8.decode(bytes);
  } catch (cause) {
    throw new WireError("INVALID_CSTRING", `string at offset ${start} is not valid UTF-8`, { cause });
  }
  return { value, next: nul + 1 };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
