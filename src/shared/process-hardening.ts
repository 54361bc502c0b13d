/**
 * Process-wide defence in depth against prototype pollution, for the long-running server. Every
 * object built from client keys already stores `__proto__` as an own field (see own-property.ts);
 * this removes the `Object.prototype.__proto__` accessor as well, exactly what Node's
 * `--disable-proto=delete` does, so a missed `obj[clientKey] = value` anywhere (ours or a
 * dependency's) creates an ordinary field instead of replacing a prototype. Object literals
 * (`{ __proto__: null }`) and `Object.getPrototypeOf`/`setPrototypeOf` keep working.
 */
export function removeProtoAccessor(): void {
  delete (Object.prototype as { __proto__?: unknown }).__proto__;
}

/** Whether {@link removeProtoAccessor} (or `--disable-proto`) is in force in this process. */
export function protoAccessorRemoved(): boolean {
  return Object.getOwnPropertyDescriptor(Object.prototype, "__proto__") === undefined;
}
