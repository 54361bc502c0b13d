import type { Document } from "bson";
import type { Batch } from "../cursors/cursor-registry.js";

/** mongod's cursor reply: `{cursor: {firstBatch | nextBatch, id, ns}, ok: 1}`. */
export function cursorReply(ns: string, batch: Batch, field: "firstBatch" | "nextBatch"): Document {
  return { cursor: { [field]: batch.docs, id: batch.id, ns }, ok: 1 };
}

/** Wraps an iterator with a mapping function, lazily. */
export function* mapIterator<T, R>(source: Iterable<T>, fn: (item: T) => R): Generator<R> {
  for (const item of source) yield fn(item);
}
