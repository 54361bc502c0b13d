/** Identifiers and timestamps in Atlas's shapes. */
import { ObjectId } from "bson";

/** A new 24-hex id, the shape of Atlas's ids (`^([a-f0-9]{24})$`). */
export function newId(): string {
  return new ObjectId().toHexString();
}

/** True when `value` has the shape of an Atlas id. */
export function isAtlasId(value: string): boolean {
  return /^[a-f0-9]{24}$/.test(value);
}

/** An ISO-8601 UTC timestamp at second precision, as Atlas prints them (`2026-08-10T02:06:35Z`). */
export function atlasTime(iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
