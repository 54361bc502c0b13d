/**
 * Makes a new upstream connection usable: `hello` (with the client metadata a driver sends and,
 * for X.509, speculative authentication to save a round trip), then `authenticate` or the SCRAM
 * conversation when the speculative attempt did not settle it.
 */
import { readFile } from "node:fs/promises";
import { Binary, Int32, type Document } from "bson";
import { bsonNumber } from "../../wire/index.js";
import type { UpstreamAuth, UpstreamSettings } from "../../../shared/mongodb-uri.js";
import { scramFinal, scramStart, scramVerify } from "./scram-sha256.js";
import { UpstreamConnection, type ConnectParams } from "./upstream-connection.js";
import { reasonOf, UpstreamLinkError } from "./upstream-error.js";

/** OP_MSG arrived with MongoDB 3.6 (wire version 6). */
const MIN_WIRE_VERSION = 6;

/**
 * Why a standalone upstream is refused: the gateway presents every cluster as a replica set (as Atlas
 * does, see docs/decisions.md), so drivers send retryable writes, which a standalone refuses; and
 * nothing could deduplicate their retries there.
 */
export const STANDALONE_REFUSED =
  "the server is a standalone mongod; a certgate cluster is a replica set to its clients, whose retryable writes a standalone refuses, so the upstream must be a replica set or a sharded cluster (mongos)";

/**
 * What a server is, from its `hello`: a replica-set member (`setName`), a mongos (`msg: "isdbgrid"`),
 * or a standalone (neither).
 */
export type ServerKind = "replicaSetMember" | "mongos" | "standalone";

/** What the server said about itself in `hello`. */
export interface ServerDescription {
  kind: ServerKind;
  /** It accepts writes: a replica-set primary, a mongos or a standalone. */
  writable: boolean;
  /** A replica-set member's view of its primary (`host:port`), when it is not the primary itself. */
  primary?: string;
  maxWireVersion: number;
}

/** A connection that passed the handshake. */
export interface EstablishedConnection {
  connection: UpstreamConnection;
  server: ServerDescription;
}

function failure(reply: Document): string | undefined {
  if (bsonNumber(reply.ok) === 1) return undefined;
  return `${String(reply.codeName ?? reply.code ?? "error")}: ${String(reply.errmsg ?? "no message")}`;
}

/** TLS options from the settings; files are read on every connect so a rotated certificate is picked up. */
async function tlsOptions(settings: UpstreamSettings, host: string): Promise<ConnectParams["tls"]> {
  if (!settings.tls) return undefined;
  const options: NonNullable<ConnectParams["tls"]> = {
    rejectUnauthorized: !settings.tlsAllowInvalidCertificates,
    minVersion: "TLSv1.2",
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
    ...(settings.tlsAllowInvalidHostnames ? { checkServerIdentity: () => undefined } : {}),
  };
  if (settings.tlsCAFile !== undefined) options.ca = await readFile(settings.tlsCAFile, "utf8");
  if (settings.tlsCertificateKeyFile !== undefined) {
    const pem = await readFile(settings.tlsCertificateKeyFile, "utf8");
    options.cert = pem;
    options.key = pem;
    if (settings.tlsCertificateKeyFilePassword !== undefined) options.passphrase = settings.tlsCertificateKeyFilePassword;
  }
  return options;
}

function helloCommand(settings: UpstreamSettings, name: "hello" | "isMaster"): Document {
  const command: Document = {
    [name]: new Int32(1),
    helloOk: true,
    client: {
      driver: { name: "certgate-upstream", version: "1" },
      os: { type: process.platform, architecture: process.arch },
      platform: `Node.js ${process.version}`,
      application: { name: settings.appName },
    },
    $db: "admin",
  };
  if (settings.auth.mechanism === "MONGODB-X509") {
    command.speculativeAuthenticate = { authenticate: new Int32(1), mechanism: "MONGODB-X509", db: "$external", ...user(settings.auth) };
  }
  return command;
}

function user(auth: UpstreamAuth): Document {
  return auth.mechanism === "MONGODB-X509" && auth.username !== undefined ? { user: auth.username } : {};
}

async function authenticate(connection: UpstreamConnection, auth: UpstreamAuth): Promise<void> {
  if (auth.mechanism === "MONGODB-X509") {
    const reply = await connection.command({ authenticate: new Int32(1), mechanism: "MONGODB-X509", ...user(auth), $db: "$external" });
    const failed = failure(reply);
    if (failed !== undefined) throw new Error(`X.509 authentication failed: ${failed}`);
    return;
  }
  if (auth.mechanism !== "SCRAM-SHA-256") return;
  const start = scramStart(auth.username);
  const first = await connection.command({
    saslStart: new Int32(1),
    mechanism: "SCRAM-SHA-256",
    payload: new Binary(Buffer.from(start.clientFirst, "utf8")),
    autoAuthorize: new Int32(1),
    options: { skipEmptyExchange: true },
    $db: auth.source,
  });
  const firstFailure = failure(first);
  if (firstFailure !== undefined) throw new Error(`SCRAM-SHA-256 authentication failed: ${firstFailure}`);
  const final = scramFinal(start, payloadText(first), auth.password);
  let reply = await connection.command({
    saslContinue: new Int32(1),
    conversationId: first.conversationId,
    payload: new Binary(Buffer.from(final.clientFinal, "utf8")),
    $db: auth.source,
  });
  const finalFailure = failure(reply);
  if (finalFailure !== undefined) throw new Error(`SCRAM-SHA-256 authentication failed: ${finalFailure}`);
  scramVerify(final, payloadText(reply));
  if (reply.done !== true) {
    reply = await connection.command({ saslContinue: new Int32(1), conversationId: first.conversationId, payload: new Binary(Buffer.alloc(0)), $db: auth.source });
    const lastFailure = failure(reply);
    if (lastFailure !== undefined || reply.done !== true) throw new Error(`SCRAM-SHA-256 authentication did not complete: ${lastFailure ?? "not done"}`);
  }
}

function payloadText(reply: Document): string {
  const payload: unknown = reply.payload;
  if (!(payload instanceof Binary)) throw new Error("the SASL reply has no binary payload");
  return Buffer.from(payload.buffer).toString("utf8");
}

function describe(reply: Document): ServerDescription {
  const writable = reply.isWritablePrimary === true || reply.ismaster === true;
  const kind: ServerKind = typeof reply.setName === "string" ? "replicaSetMember" : reply.msg === "isdbgrid" ? "mongos" : "standalone";
  return {
    kind,
    writable,
    ...(typeof reply.primary === "string" && !writable ? { primary: reply.primary } : {}),
    maxWireVersion: bsonNumber(reply.maxWireVersion) ?? 0,
  };
}

/**
 * Opens and authenticates a connection to `host:port`. Every failure rejects with
 * {@link UpstreamLinkError} (HostUnreachable, or NetworkTimeout for a connect timeout), its message
 * naming the server and the step that failed.
 */
export async function establish(settings: UpstreamSettings, host: string, port: number): Promise<EstablishedConnection> {
  const connection = await UpstreamConnection.open({
    host,
    port,
    tls: await tlsOptions(settings, host),
    connectTimeoutMS: settings.connectTimeoutMS,
    socketTimeoutMS: settings.socketTimeoutMS,
  });
  try {
    let hello = await connection.command(helloCommand(settings, "hello"));
    if (bsonNumber(hello.code) === 59) hello = await connection.command(helloCommand(settings, "isMaster"));
    const helloFailure = failure(hello);
    if (helloFailure !== undefined) throw new Error(`hello failed: ${helloFailure}`);
    const server = describe(hello);
    if (server.maxWireVersion < MIN_WIRE_VERSION) throw new Error(`the server's wire version ${server.maxWireVersion} predates OP_MSG (MongoDB 3.6)`);
    if (server.kind === "standalone") throw new Error(STANDALONE_REFUSED);
    const speculated = hello.speculativeAuthenticate !== undefined && settings.auth.mechanism === "MONGODB-X509";
    if (!speculated) await authenticate(connection, settings.auth);
    return { connection, server };
  } catch (error) {
    connection.close();
    if (error instanceof UpstreamLinkError) throw error;
    throw new UpstreamLinkError("HostUnreachable", `upstream ${connection.address}: ${reasonOf(error)}`, { cause: error });
  }
}
