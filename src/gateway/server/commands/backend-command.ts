/**
 * Runs an authorized command on the cluster's backend, with the gateway's share of cursor and
 * listing rules around it: new cursors are recorded with their owner and the rule that opened them,
 * and listDatabases/listCollections replies are filtered when authorization said so. An alias is
 * renamed to mongod's own name first, so a backend only meets canonical names.
 */
import type { Binary, Document } from "bson";
import { sessionKey, type Backend, type CommandContext, type RunCommandParams } from "../../backends/backend.js";
import { BackendError } from "../../backends/backend-error.js";
import { isDocument } from "../../wire/index.js";
import { replyDocument, replySummary, type BackendReply } from "../../backends/encoded-reply.js";
import { ACTION, notAuthorizedMessage, unauthorizedReply, type ConnectionAuth } from "../../authz/index.js";
import type { CommandCall, CommandHandler } from "../cluster-runtime.js";

/** The backend's view of who runs `call`; `extra` adds command-specific context. */
export function contextFor(call: CommandCall, auth: ConnectionAuth, extra: Partial<CommandContext> = {}): CommandContext {
  const lsid = call.body.lsid as { id?: Binary } | undefined;
  const base = { db: call.db, connectionId: call.conn.connectionId, owner: `${auth.user.db}\u0000${auth.user.user}` };
  const session = lsid?.id !== undefined && isDocument(lsid) ? { sessionId: sessionKey(lsid as { id: Binary }) } : {};
  return { ...base, ...session, ...extra };
}

/** The authenticated user of `call`; authorization lets nothing else reach a backend handler. */
export function requireAuth(call: CommandCall): ConnectionAuth {
  const auth = call.conn.auth;
  if (auth === null) throw new BackendError("Unauthorized", `Command ${call.name} requires authentication`);
  return auth;
}

/** Keeps only the collections the user holds some privilege on. */
export function filterCollectionBatch(call: CommandCall, auth: ConnectionAuth, batch: unknown): void {
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

/** The body with its first field renamed to `name` (field order kept). */
function renamed(body: Document, name: string): Document {
  const out: Document = {};
  let first = true;
  for (const key of Object.keys(body)) {
    out[first ? name : key] = body[key];
    first = false;
  }
  return out;
}

/**
 * Whether `call` lists operations (currentOp, `$currentOp`). An upstream sees every gateway user as
 * the gateway's one identity, so "your own operations" there would be everyone's: through the
 * upstream backend, only users who may see all operations (inprog) may list them.
 */
function listsOperations(call: CommandCall): boolean {
  if (call.canonicalName === "currentOp") return true;
  const pipeline: unknown = call.body.pipeline;
  const first: unknown = call.canonicalName === "aggregate" && Array.isArray(pipeline) ? pipeline[0] : undefined;
  return isDocument(first) && "$currentOp" in first;
}

/** Runs `params` on `backend`, taking the reply encoded when the backend can hand it over so. */
export function runOnBackend(backend: Backend, params: RunCommandParams): Promise<BackendReply> {
  return backend.runCommandEncoded !== undefined ? backend.runCommandEncoded(params) : backend.runCommand(params);
}

/** Forwards one command to the backend. */
export const backendCommand: CommandHandler = async (call) => {
  const auth = requireAuth(call);
  const { runtime } = call;
  if (runtime.cluster.backendKind === "upstream" && listsOperations(call) && !auth.resolved.privileges.canCluster(ACTION.inprog)) {
    return unauthorizedReply(notAuthorizedMessage(call.db, call.body));
  }
  const body = call.name === call.canonicalName ? call.body : renamed(call.body, call.canonicalName);
  const sent = await runOnBackend(runtime.backend, { command: body, context: contextFor(call, auth) });
  const cursor = replySummary(sent).cursor;
  if (cursor !== undefined && cursor.id !== "0" && cursor.ns !== undefined) {
    const origin = { owner: auth.user, ns: cursor.ns, commandName: call.canonicalName, commandRule: call.rule, commandDb: call.db, command: body };
    runtime.cursors.set(cursor.id, { origin, filterCollections: call.filter === "collections" });
  }
  if (call.filter === undefined) return sent;
  // Listings the user may see only part of are edited, so decoded.
  const reply = replyDocument(sent);
  if (call.filter === "collections" && isDocument(reply.cursor)) filterCollectionBatch(call, auth, reply.cursor.firstBatch);
  if (call.filter === "databases") filterDatabases(auth, reply);
  return reply;
};
