/** Describes one served request for the metrics and the audit log: its command, namespace and outcome, never its documents. */
import { replySummary, type BackendReply } from "../backends/encoded-reply.js";
import type { WireMessage } from "../wire/index.js";
import type { ConnectionState } from "./cluster-runtime.js";
import type { CommandEvent } from "./gateway-events.js";
import { lookupCommand } from "./command-table.js";

const UNAUTHORIZED = 13;

/** The event of `message` answered with `reply`. */
export function commandEvent(message: WireMessage, reply: BackendReply, conn: ConnectionState, cluster: string, seconds: number): CommandEvent {
  const body = message.kind === "OP_MSG" ? message.msg.body : message.query.query;
  const sent = Object.keys(body)[0] ?? "";
  const target: unknown = body[sent];
  const db = message.kind === "OP_MSG" ? (typeof body.$db === "string" ? body.$db : "") : message.query.fullCollectionName.replace(/\.\$cmd$/, "");
  const { ok, code } = replySummary(reply);
  return {
    cluster,
    connectionId: conn.connectionId,
    remote: conn.remote,
    local: conn.local,
    user: conn.auth?.user.user,
    db,
    // The table's name, aliases folded: a name no table entry has is "unknown", so what a client
    // sends can't add metric series without bound.
    command: lookupCommand(sent)?.name ?? "unknown",
    collection: typeof target === "string" && target !== "" ? target : undefined,
    outcome: ok ? "ok" : code === UNAUTHORIZED ? "unauthorized" : "error",
    code,
    seconds,
  };
}
