/**
 * Field access for objects whose keys come from clients (BSON from the wire, JSON bodies, settings).
 * A plain `obj[key] = value` with `key === "__proto__"` replaces the object's prototype instead of
 * storing a field, and a plain `obj[key]` read finds inherited members (`constructor`, `toString`) a
 * client never sent. These helpers treat every key as an ordinary field name.
 */

/** Stores `value` as an own, enumerable field named `key` (also when `key` is `__proto__`). */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}

/** The own field `key` of `target`, or `undefined`: never an inherited member. */
export function getOwn(target: object, key: string): unknown {
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}
