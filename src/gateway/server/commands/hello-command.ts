/**
 * `hello` / `isMaster` / `ismaster`: the handshake reply of a replica set's primary, in mongod's field
 * order, with `topologyVersion`, compression negotiation, `saslSupportedMechs` and X.509
 * `speculativeAuthenticate`.
 *
 * Every cluster presents itself as a replica set of one member, the gateway, as every Atlas cluster is
 * a replica set and the Clusters API says `clusterType: "REPLICASET"` (see docs/decisions.md). The
 * member is named as the client dialed it (`dialed-address.ts`), so drivers that discover the set
 * keep the connection they opened. `setVersion` and `electionId` are constants: every gateway process
 * of a cluster is the same member, and a driver that met a higher pair on another process would take
 * this one for a stale primary.
 *
 * An awaitable hello (a monitor sending back our `topologyVersion` with `maxAwaitTimeMS`) is answered
 * after `maxAwaitTimeMS`, as the topology never changes. The gateway answers each such request once,
 * without `moreToCome`, so a monitor that allowed exhaust simply sends its next hello (the streaming
 * protocol permits this).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Double, Int32, Long, ObjectId, type Document } from "bson";
import { bsonNumber, SUPPORTED_COMPRESSORS } from "../../wire/index.js";
import type { CommandCall, CommandHandler } from "../cluster-runtime.js";
import { BackendError } from "../../backends/backend-error.js";
import { runX509Authentication } from "./authenticate-command.js";

/** The replica set's configuration version; fixed, as its one member never changes. */
const SET_VERSION = 1;

/** mongod's election id is the term after 0x7fffffff; the one member was elected in term 1, for good. */
export const ELECTION_ID = new ObjectId("7fffffff0000000000000001");

/** The wire version the gateway speaks: 21 (MongoDB 7.0). */
export const MAX_WIRE_VERSION = 21;

function isObject(value: unknown): value is Document {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !("_bsontype" in (value as object));
}

async function speculate(call: CommandCall, request: unknown): Promise<Document | undefined> {
  if (!isObject(request) || Object.keys(request).length === 0) {
    throw new BackendError("BadValue", "hello.speculativeAuthenticate must be a non-empty Object");
  }
  const first = Object.keys(request)[0];
  if (first !== "authenticate" && first !== "saslStart") {
    throw new BackendError("Location51769", `hello.speculativeAuthenticate unknown command: ${first}`);
  }
  if (first === "saslStart") return undefined;
  const db = typeof request.db === "string" ? request.db : "$external";
  const outcome = await runX509Authentication(call, request, db);
  // Any failure is silent: the client then sends an explicit authenticate and hears the reason.
  return outcome.ok ? { dbname: "$external", user: outcome.user } : undefined;
}

async function saslMechanisms(call: CommandCall, value: unknown): Promise<string[] | undefined> {
  if (typeof value !== "string") return undefined;
  const dot = value.indexOf(".");
  if (dot < 0 || value.slice(0, dot) !== "$external") return undefined;
  const user = await call.runtime.findUser(value.slice(dot + 1));
  // X.509 is not a SASL mechanism, so an existing user gets an empty list; an unknown one no field.
  return user === undefined ? undefined : [];
}

/** The longest wait the gateway grants an awaitable hello (drivers ask for their heartbeat, 10 s). */
const MAX_AWAIT_MS = 10_000;

/**
 * How long to hold an awaitable hello: `maxAwaitTimeMS` when the client already knows this
 * process's topology version, nothing when it knows another (it must learn the new one now).
 */
function awaitMs(call: CommandCall): number {
  const { topologyVersion, maxAwaitTimeMS } = call.body;
  if (topologyVersion === undefined && maxAwaitTimeMS === undefined) return 0;
  if (maxAwaitTimeMS === undefined) throw new BackendError("BadValue", "A request with a 'topologyVersion' must include 'maxAwaitTimeMS'");
  if (topologyVersion === undefined) throw new BackendError("BadValue", "A request with 'maxAwaitTimeMS' must include a 'topologyVersion'");
  const wait = bsonNumber(maxAwaitTimeMS);
  if (wait === undefined || !Number.isInteger(wait) || wait < 0) throw new BackendError("BadValue", "maxAwaitTimeMS must be a non-negative integer");
  const processId = isObject(topologyVersion) ? topologyVersion.processId : undefined;
  const same = processId instanceof ObjectId && processId.equals(call.runtime.processId);
  return same ? Math.min(wait, MAX_AWAIT_MS) : 0;
}

/** Answers the three handshake commands. */
export const helloCommand: CommandHandler = async (call) => {
  const { body, conn } = call;
  const wait = awaitMs(call);
  // An unreferenced timer: a monitor's pending hello must not keep a stopping process alive.
  if (wait > 0) await sleep(wait, undefined, { ref: false });
  if (body.client !== undefined) {
    if (conn.clientMetadataSeen) {
      throw new BackendError("ClientMetadataCannotBeMutated", "The client metadata document may only be sent in the first hello");
    }
    conn.clientMetadataSeen = true;
  }
  const reply: Document = {};
  if (body.helloOk !== undefined) reply.helloOk = true;
  const member = conn.dialed;
  reply.topologyVersion = { processId: call.runtime.processId, counter: Long.fromNumber(0) };
  reply.hosts = [member];
  reply.setName = call.runtime.cluster.name;
  reply.setVersion = new Int32(SET_VERSION);
  reply[call.name === "hello" ? "isWritablePrimary" : "ismaster"] = true;
  reply.secondary = false;
  reply.primary = member;
  reply.me = member;
  reply.electionId = ELECTION_ID;
  reply.maxBsonObjectSize = new Int32(16777216);
  reply.maxMessageSizeBytes = new Int32(48000000);
  reply.maxWriteBatchSize = new Int32(100000);
  reply.localTime = new Date();
  reply.logicalSessionTimeoutMinutes = new Int32(30);
  reply.connectionId = new Int32(conn.connectionId);
  reply.minWireVersion = new Int32(0);
  reply.maxWireVersion = new Int32(MAX_WIRE_VERSION);
  reply.readOnly = false;
  const offered: unknown = body.compression;
  if (Array.isArray(offered)) {
    // mongod answers the client's list in the client's order, less what it doesn't support.
    const agreed = offered.filter((name): name is string => (SUPPORTED_COMPRESSORS as readonly unknown[]).includes(name));
    if (agreed.length > 0) reply.compression = [...agreed];
  }
  const mechanisms = await saslMechanisms(call, body.saslSupportedMechs);
  if (mechanisms !== undefined) reply.saslSupportedMechs = mechanisms;
  if (body.speculativeAuthenticate !== undefined) {
    const speculative = await speculate(call, body.speculativeAuthenticate);
    if (speculative !== undefined) reply.speculativeAuthenticate = speculative;
  }
  reply.ok = new Double(1);
  return reply;
};
