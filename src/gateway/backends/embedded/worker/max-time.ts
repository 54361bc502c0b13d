import type { Document } from "bson";
import { bsonNumber } from "../../../wire/bson-codec.js";
import { BackendError } from "../../backend-error.js";

/** mongod's largest `maxTimeMS`: INT_MAX milliseconds. */
const MAX_TIME_MS_LIMIT = 2_147_483_647;

/**
 * The time an operation may run: the command's `maxTimeMS` checked as mongod checks it (a whole number
 * from 0 to 2^31-1, BadValue otherwise; 0 means "no limit of its own"), then capped by the server-wide
 * limit, which also applies to every command that asks for none.
 */
export function allowedRunTimeMs(command: Document, serverLimitMs: number): number {
  const field = command["maxTimeMS"];
  if (field === undefined) return serverLimitMs;
  const value = bsonNumber(field);
  if (value === undefined) throw new BackendError("BadValue", "maxTimeMS must be a number");
  const whole = Math.trunc(value);
  if (whole < 0 || whole > MAX_TIME_MS_LIMIT) throw new BackendError("BadValue", `${whole} value for maxTimeMS is out of range`);
  if (whole !== value) throw new BackendError("BadValue", "maxTimeMS has non-integral value");
  return whole === 0 ? serverLimitMs : Math.min(whole, serverLimitMs);
}
