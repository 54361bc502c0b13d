/**
 * The backend contract: where an authorized command is executed.
 *
 * Design principles:
 *  1. The gateway authenticates and authorizes; a backend only executes. A backend never
 *     sees a command the user may not run, and never decides who the user is.
 *  2. Replies are wire-level documents in mongod's shapes (`{cursor: {firstBatch, id, ns}, ok: 1}`,
 *     `{n, ok}`, `{ok: 0, errmsg, code, codeName}`), so an upstream MongoDB's replies pass through
 *     unchanged and the embedded engine is held to the same contract.
 *  3. Commands arrive as bson-decoded documents with their BSON types kept (ObjectId, Long,
 *     Decimal128, Binary, Date); the gateway decodes with `promoteLongs: false`.
 *  4. Failures are thrown as `BackendError` (or anything else) and turned into replies by one
 *     function, `errorReply`; write commands report per-statement failures inside their reply
 *     (`writeErrors`) as mongod does, with `ok: 1`.
 *  5. Cursors belong to whoever opened them: every command carries an `owner` key, and
 *     `getMore`/`killCursors` on another owner's cursor fail with Unauthorized (13).
 *  6. A backend is safe to call concurrently from many connections; the embedded backend
 *     runs each command to completion before the next (SQLite is single-writer).
 */
import type { Binary, Document } from "bson";
import type { BackendReply } from "./encoded-reply.js";

/**
 * Commands every backend implements, as mongod spells them. The gateway's command table
 * answers handshake, auth and diagnostic commands itself and forwards only these.
 */
export const BACKEND_COMMANDS = [
  "abortTransaction",
  "aggregate",
  "collMod",
  "collStats",
  "commitTransaction",
  "count",
  "create",
  "createIndexes",
  "createSearchIndexes",
  "currentOp",
  "dataSize",
  "dbStats",
  "delete",
  "distinct",
  "drop",
  "dropDatabase",
  "dropIndexes",
  "dropSearchIndex",
  "endSessions",
  "explain",
  "find",
  "findAndModify",
  "getMore",
  "hostInfo",
  "insert",
  "killCursors",
  "listCollections",
  "listDatabases",
  "listIndexes",
  "renameCollection",
  "serverStatus",
  "update",
  "updateSearchIndex",
  "validate",
] as const;

/** One of the command names in {@link BACKEND_COMMANDS}. */
export type BackendCommandName = (typeof BACKEND_COMMANDS)[number];

/** Who runs a command, and on which connection. */
export interface CommandContext {
  /** The database named by the command's `$db`. */
  readonly db: string;
  /** The gateway's connection id (as reported in `hello`). */
  readonly connectionId: number;
  /**
   * Identifies the authenticated principal that owns cursors opened by this command,
   * e.g. `"$external\u0000CN=app"`. Cursors are only usable by the same owner.
   */
  readonly owner: string;
  /** The logical session (`lsid.id` rendered with {@link sessionKey}), when the client sent one. */
  readonly sessionId?: string;
  /**
   * Set when the user holds `killAnyCursor` on the command's namespace or the cluster:
   * killCursors may then close cursors of other owners, as mongod allows.
   */
  readonly killAnyCursor?: boolean;
}

/** Input of {@link Backend.runCommand}. */
export interface RunCommandParams {
  /** The command body, first field is the command name; `$db`, `lsid` and other generic fields may be present. */
  readonly command: Document;
  readonly context: CommandContext;
}

/** A backend: runs authorized commands and owns the data of one cluster. */
export interface Backend {
  /**
   * Runs one command and resolves with mongod's reply document, including failure replies
   * (`ok: 0`); it rejects only when the backend itself is unusable (closed).
   */
  runCommand(params: RunCommandParams): Promise<Document>;
  /**
   * The same as {@link runCommand}, for a backend that can hand its reply over already encoded (the
   * embedded backend's worker thread): the gateway calls this one when present and writes the bytes
   * through without decoding them.
   */
  runCommandEncoded?(params: RunCommandParams): Promise<BackendReply>;
  /** Releases files, connections and open cursors. Further commands reject. */
  close(): Promise<void>;
}

/** Whether `name` is a command a backend executes. */
export function isBackendCommand(name: string): name is BackendCommandName {
  return (BACKEND_COMMANDS as readonly string[]).includes(name);
}

/** Renders an `lsid` (`{id: UUID}`) as the string used for {@link CommandContext.sessionId}. */
export function sessionKey(lsid: { id: Binary }): string {
  return Buffer.from(lsid.id.buffer).toString("hex");
}
