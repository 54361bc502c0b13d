/**
 * Runs an authorized command on the cluster's backend, with the gateway's share of cursor and
 * listing rules around it: getMore is checked against the cursor's origin first, new cursors are
 * recorded with their owner, and listDatabases/listCollections replies are filtered when
 * authorization said so.
 */
import type { Binary, Document } from "bson";
import { ACTION, authorizeGetMore, type ConnectionAuth } from "../../authz/index.js";
import { sessionKey, type CommandContext } from "../../backends/backend.js";
import { int64Key as cursorKey } from "../../backends/int64-key.js";
import type { CommandCall, CommandHandler } from "../cluster-runtime.js";
import { GatewayCommandError } from "../command-error.js";

function isDocument(value: unknown): value is Document {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function contextFor(call: CommandCall, auth: ConnectionAuth): CommandContext {
  const lsid = call.body.lsid as { id?: Binary } | undefined;
  const base = { db: call.db, connectionId: call.conn.connectionId, owner: `${auth.user.db}\u0000${auth.user.user}` };
  const session = lsid?.id !== undefined && isDocument(lsid) ? { sessionId: sessionKey(lsid as { id: Binary }) } : {};
  if (call.name !== "killCursors") return { ...base, ...session };
  const p = auth.resolved.privileges;
  const coll = typeof call.body.killCursors === "string" ? call.body.killCursors : "";
  const killAny = p.canCluster(ACTION.killAnyCursor) || p.canNamespace(call.db, coll, ACTION.killAnyCursor);
  return { ...base, ...session, killAnyCursor: killAny };
}

function filterCollectionBatch(call: CommandCall, auth: ConnectionAuth, batch: unknown): void {
  if (!Array.isArray(batch)) return;
  const kept = batch.filter((entry) => isDocument(entry) && typeof entry.name === "string" && auth.resolved.privileges.hasAnyOnNamespace(call.db, entry.name));
  batch.splice(0, batch.length, ...kept);
}

function filterDatabases(auth: ConnectionAuth, reply: Document): void {
  const databases = reply.databases;
  if (!Array.isArray(databases)) return;
  const kept = databases.filter((entry) => isDocument(entry) && typeof entry.name === "string" && auth.resolved.privileges.hasAnyOnDatabase(entry.name));
  reply.databases = kept;
  if (reply.totalSize !== undefined) {
    const total = kept.reduce((sum: number, entry: Document) => sum + (typeof entry.sizeOnDisk === "number" ? entry.sizeOnDisk : Number(entry.sizeOnDisk ?? 0)), 0);
    reply.totalSize = total;
    reply.totalSizeMb = Math.floor(total / (1024 * 1024));
  }
}

/** Forwards one command to the backend. */
export const backendCommand: CommandHandler = async (call) => {
  const auth = call.conn.auth;
  if (auth === null) throw new GatewayCommandError("Unauthorized", `Command ${call.name} requires authentication`);
  const { runtime, body } = call;
  let getMoreId: string | undefined;
  let filterGetMore = false;
  if (call.name === "getMore") {
    getMoreId = cursorKey(body.getMore);
    const tracked = getMoreId === undefined ? undefined : runtime.cursors.get(getMoreId);
    if (tracked !== undefined && getMoreId !== undefined) {
      const verdict = authorizeGetMore(auth.resolved.privileges, auth.user, getMoreId, `${call.db}.${String(body.collection)}`, tracked.origin);
      if (!verdict.ok) return verdict.reply;
      filterGetMore = tracked.filterCollections;
    }
  }
  const reply = await runtime.backend.runCommand({ command: body, context: contextFor(call, auth) });
  const cursor = reply.cursor;
  if (isDocument(cursor)) {
    const id = cursorKey(cursor.id);
    if (call.name === "getMore") {
      if (filterGetMore) filterCollectionBatch(call, auth, cursor.nextBatch);
      if (id === "0" && getMoreId !== undefined) runtime.cursors.close(getMoreId);
    } else {
      if (call.filter === "collections") filterCollectionBatch(call, auth, cursor.firstBatch);
      if (id !== undefined && id !== "0" && typeof cursor.ns === "string") {
        const origin = { owner: auth.user, ns: cursor.ns, commandName: call.name, commandDb: call.db, command: body };
        runtime.cursors.open(id, origin, call.filter === "collections");
      }
    }
  }
  if (call.filter === "databases") filterDatabases(auth, reply);
  if (call.name === "killCursors" && Array.isArray(reply.cursorsKilled)) {
    for (const value of reply.cursorsKilled as unknown[]) {
      const id = cursorKey(value);
      if (id !== undefined) runtime.cursors.close(id);
    }
  }
  return reply;
};
