/**
 * Atlas writes entity fields in alphabetical order (`awsIAMType`, `databaseName`, `groupId`, ...), also
 * inside nested objects. Clients must not depend on it, but certgate's output then reads like Atlas's.
 */

import { setOwn } from "../shared/own-property.js";

/** A deep copy of `value` whose plain objects have their keys sorted; other values pass unchanged. */
export function alphabetical<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => alphabetical(v)) as T;
  if (value === null || typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) setOwn(out, key, alphabetical((value as Record<string, unknown>)[key]));
  return out as T;
}
