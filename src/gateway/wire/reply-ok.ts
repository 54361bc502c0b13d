import { Double, type Document } from "bson";

/**
 * mongod always writes a command reply's `ok` as a BSON double (`1.0` or `0.0`). Handlers build replies
 * with plain numbers, which `bson` would encode as int32, so every reply leaving the gateway passes
 * through here: a top-level `ok` of any other type becomes a Double in the same position.
 */
export function withDoubleOk(body: Document): Document {
  if (!("ok" in body)) return body;
  const ok: unknown = body.ok;
  if (ok instanceof Double) return body;
  return { ...body, ok: new Double(okValue(ok)) };
}

function okValue(ok: unknown): number {
  if (typeof ok === "number") return ok;
  if (typeof ok === "boolean") return ok ? 1 : 0;
  if (typeof ok === "bigint") return Number(ok);
  if (ok !== null && typeof ok === "object" && "valueOf" in ok) {
    const value = Number((ok as { valueOf(): unknown }).valueOf());
    if (!Number.isNaN(value)) return value;
  }
  return 0;
}
