/**
 * getMore and killCursors: checked against the cursor's origin (same user, same namespace, the
 * opening command's privileges still held) before the backend sees them, and the gateway's cursor
 * table kept in step with the backend's answer.
 */
import { ACTION, authorizeGetMore } from "../../authz/index.js";
import { int64Key as cursorKey } from "../../backends/int64-key.js";
import { replyDocument, replySummary } from "../../backends/encoded-reply.js";
import type { CommandHandler } from "../cluster-runtime.js";
import { isDocument } from "../../wire/index.js";
import { contextFor, filterCollectionBatch, requireAuth, runOnBackend } from "./backend-command.js";

/** `getMore`. */
export const getMoreCommand: CommandHandler = async (call) => {
  const auth = requireAuth(call);
  const { runtime, body } = call;
  const id = cursorKey(body.getMore);
  const tracked = id === undefined ? undefined : runtime.cursors.get(id);
  if (tracked !== undefined && id !== undefined) {
    const verdict = authorizeGetMore(auth.resolved.privileges, auth.user, id, `${call.db}.${String(body.collection)}`, tracked.origin);
    if (!verdict.ok) return verdict.reply;
  }
  const sent = await runOnBackend(runtime.backend, { command: body, context: contextFor(call, auth) });
  if (replySummary(sent).cursor?.id === "0" && id !== undefined) runtime.cursors.delete(id);
  if (tracked?.filterCollections !== true) return sent;
  const reply = replyDocument(sent);
  if (isDocument(reply.cursor)) filterCollectionBatch(call, auth, reply.cursor.nextBatch);
  return reply;
};

/** `killCursors`: a user holding killAnyCursor may close other users' cursors, as mongod allows. */
export const killCursorsCommand: CommandHandler = async (call) => {
  const auth = requireAuth(call);
  const { runtime, body } = call;
  const p = auth.resolved.privileges;
  const coll = typeof body.killCursors === "string" ? body.killCursors : "";
  const killAnyCursor = p.canCluster(ACTION.killAnyCursor) || p.canNamespace(call.db, coll, ACTION.killAnyCursor);
  const reply = replyDocument(await runOnBackend(runtime.backend, { command: body, context: contextFor(call, auth, { killAnyCursor }) }));
  if (Array.isArray(reply.cursorsKilled)) {
    for (const value of reply.cursorsKilled as unknown[]) {
      const id = cursorKey(value);
      if (id !== undefined) runtime.cursors.delete(id);
    }
  }
  return reply;
};
