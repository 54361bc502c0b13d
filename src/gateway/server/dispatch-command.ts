/**
 * From a decoded request to its reply, in mongod's order: the OP_QUERY allow-list, the command
 * lookup in the command table (CommandNotFound), parsing (an aggregate's stage names), authorization
 * of every command with its table rule (Unauthorized), then the handler.
 */
import type { Document } from "bson";
import { authorizeWithRule } from "../authz/index.js";
import type { BackendReply } from "../backends/encoded-reply.js";
import { mongodErrorReply } from "../backends/error-codes.js";
import { errorReply, isInternalFailure } from "../backends/error-reply.js";
import { checkCommandLsid } from "../backends/session-id.js";
import { bodyWithSequences, WireError, type WireMessage } from "../wire/index.js";
import type { ClusterRuntime, ConnectionState } from "./cluster-runtime.js";
import { lookupCommand } from "./command-table.js";
import { pipelineParseError } from "./pipeline-parse.js";

const CMD_SUFFIX = ".$cmd";

interface ParsedRequest {
  ok: true;
  body: Document;
  /** The body as received (without document sequences), which Unauthorized messages print. */
  displayBody: Document;
  db: string;
  legacy: boolean;
}

function parseRequest(message: WireMessage): ParsedRequest | { ok: false; reply: Document } {
  if (message.kind === "OP_QUERY") {
    const body = message.query.query;
    const full = message.query.fullCollectionName;
    if (!full.endsWith(CMD_SUFFIX)) {
      return { ok: false, reply: mongodErrorReply("UnsupportedOpQueryCommand", `Unsupported OP_QUERY on ${full}: only commands on <db>.$cmd are accepted`) };
    }
    return { ok: true, body, displayBody: body, db: full.slice(0, -CMD_SUFFIX.length), legacy: true };
  }
  let body: Document;
  try {
    body = bodyWithSequences(message.msg);
  } catch (error) {
    if (error instanceof WireError) return { ok: false, reply: mongodErrorReply("BadValue", error.message) };
    throw error;
  }
  const db = body.$db;
  if (typeof db !== "string") return { ok: false, reply: mongodErrorReply("Location40571", "OP_MSG requests require a $db argument") };
  return { ok: true, body, displayBody: message.msg.body, db, legacy: false };
}

/** Runs one request and returns its reply (failures included): a document, or one a backend encoded. */
export async function dispatchCommand(message: WireMessage, conn: ConnectionState, runtime: ClusterRuntime): Promise<BackendReply> {
  const parsed = parseRequest(message);
  if (!parsed.ok) return parsed.reply;
  const { body, displayBody, db, legacy } = parsed;
  const name = Object.keys(body)[0] ?? "";
  const entry = lookupCommand(name);
  if (legacy && entry?.opQuery !== true) {
    return mongodErrorReply(
      "UnsupportedOpQueryCommand",
      `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`,
    );
  }
  if (entry === undefined) return mongodErrorReply("CommandNotFound", `no such command: '${name}'`);
  const parseError = pipelineParseError(body);
  if (parseError !== undefined) return parseError;
  try {
    checkCommandLsid(body);
  } catch (error) {
    return errorReply(error);
  }
  const verdict = authorizeWithRule(entry.privilege, conn.auth?.resolved.privileges ?? null, name, db, body, displayBody);
  if (!verdict.ok) return verdict.reply;
  try {
    return await entry.handler({ conn, runtime, name, canonicalName: entry.name, rule: entry.privilege, db, body, legacy, filter: verdict.filter });
  } catch (error) {
    if (!isInternalFailure(error)) return errorReply(error);
    runtime.log.error({ err: error, command: name, cluster: runtime.cluster.name }, "gateway command failed");
    return errorReply(error);
  }
}
