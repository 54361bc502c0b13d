import { Long, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { bsonTypeName, collectionArg, countArg, numberValue, requiredArrayArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { cursorReply } from "./cursor-reply.js";

function cursorId(v: unknown, field: string): Long {
  if (v instanceof Long) return v;
  const n = numberValue(v);
  if (n === undefined || !Number.isInteger(n)) {
    throw new BackendError("TypeMismatch", `BSON field '${field}' is the wrong type '${bsonTypeName(v)}', expected type 'long'`);
  }
  return Long.fromNumber(n);
}

/** `getMore`: the next batch of one of the caller's cursors. */
export function getMore(command: Document, env: CommandEnv): Document {
  const id = cursorId(command["getMore"], "getMore.getMore");
  const collection = command["collection"];
  if (typeof collection !== "string") {
    throw new BackendError("TypeMismatch", `BSON field 'getMore.collection' is the wrong type '${bsonTypeName(collection)}', expected type 'string'`);
  }
  const ns = `${env.context.db}.${collection}`;
  const batch = env.cursors.getMore(id, ns, env.context, countArg(command, "batchSize"));
  return cursorReply(ns, batch, "nextBatch");
}

/** `killCursors`: closes the listed cursors of the caller on one namespace. */
export function killCursors(command: Document, env: CommandEnv): Document {
  const ns = `${env.context.db}.${collectionArg(command, env.context.db)}`;
  const ids = requiredArrayArg(command, "cursors").map((v) => cursorId(v, "killCursors.cursors"));
  const { killed, notFound } = env.cursors.kill(ns, ids, env.context);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}
