/**
 * A backend reply that arrives already encoded (the embedded backend's worker thread encodes its replies):
 * the gateway writes its bytes through, reading only the few facts it needs from a summary made where the
 * reply was built, instead of decoding and re-encoding the whole document on the gateway's thread.
 */
import type { Document } from "bson";
import { bsonNumber, isDocument, type EncodedBody } from "../wire/index.js";
import { int64Key } from "./int64-key.js";

/** What the gateway reads from a reply without decoding it: the outcome, and the cursor it returns. */
export interface ReplySummary {
  readonly ok: boolean;
  /** mongod's error code of a failure reply. */
  readonly code?: number;
  /** `cursor.id` (a decimal string) and `cursor.ns`, when the reply carries a cursor. */
  readonly cursor?: { readonly id: string; readonly ns?: string };
}

/** An encoded reply and its summary. */
export class EncodedReply {
  constructor(
    readonly body: EncodedBody,
    readonly summary: ReplySummary,
  ) {}
}

/** A reply as a backend hands it to the gateway: a document, or encoded bytes with their summary. */
export type BackendReply = Document | EncodedReply;


/** The summary of a reply document. */
export function summarizeReply(reply: Document): ReplySummary {
  const ok = bsonNumber(reply.ok) === 1;
  const code = ok ? undefined : bsonNumber(reply.code);
  const cursor: unknown = reply.cursor;
  const id = isDocument(cursor) ? int64Key(cursor.id) : undefined;
  const ns = isDocument(cursor) && typeof cursor.ns === "string" ? cursor.ns : undefined;
  return {
    ok,
    ...(code !== undefined && Number.isInteger(code) && code !== 0 ? { code } : {}),
    ...(id !== undefined ? { cursor: ns === undefined ? { id } : { id, ns } } : {}),
  };
}

/** The summary of either form of reply. */
export function replySummary(reply: BackendReply): ReplySummary {
  return reply instanceof EncodedReply ? reply.summary : summarizeReply(reply);
}

/** The reply as a document, decoding an encoded one (for the rare handler that edits or reads more of it). */
export function replyDocument(reply: BackendReply): Document {
  return reply instanceof EncodedReply ? reply.body.decode() : reply;
}
