/**
 * Audit messages in the shape of mongod's JSON audit log: `atype`, `ts`, `local`, `remote`, `users`,
 * `roles`, `param`, `result`. certgate adds `cluster` and `connectionId` to the gateway's messages.
 * Built from the gateway's events and the Admin API's responses; never from documents, request
 * bodies or keys, so no private key, password or document content can reach the log.
 */
import type { AuthenticationEvent, CommandEvent, HandshakeRefusal } from "../../gateway/server/gateway-events.js";

/** An address as mongod's audit messages write it. */
export interface AuditAddress {
  ip: string;
  port: number;
}

/** One audit message, before `ts` is written as `{"$date": ...}`. */
export interface AuditMessage {
  atype: "authenticate" | "authCheck" | "apiRequest";
  ts: Date;
  local?: AuditAddress | undefined;
  remote: AuditAddress;
  users: Array<{ user: string; db: string }>;
  roles: Array<{ role: string; db: string }>;
  param: Record<string, unknown>;
  /** 0 on success, else mongod's error code (gateway) or the HTTP status (Admin API). */
  result: number;
  cluster?: string;
  connectionId?: number;
}

const MECHANISM = "MONGODB-X509";
const AUTHENTICATION_FAILED = 18;
const UNAUTHORIZED = 13;

/** `host:port` (IPv6 hosts included) as `{ip, port}`. */
export function auditAddress(hostPort: string): AuditAddress {
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0) return { ip: hostPort, port: 0 };
  return { ip: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)) || 0 };
}

function withLocal(local: string | undefined): { local?: AuditAddress } {
  return local === undefined ? {} : { local: auditAddress(local) };
}

function certificateParam(e: { issuer?: string | undefined; serial?: string | undefined }): Record<string, string> {
  return { ...(e.issuer === undefined ? {} : { issuer: e.issuer }), ...(e.serial === undefined ? {} : { serial: e.serial }) };
}

/** An authentication attempt: `param.user` is the certificate's subject (mongod's user name). */
export function authenticateMessage(e: AuthenticationEvent, ts: Date): AuditMessage {
  const user = e.user ?? e.subject ?? "";
  return {
    atype: "authenticate",
    ts,
    ...withLocal(e.local),
    remote: auditAddress(e.remote),
    users: e.ok ? [{ user, db: "$external" }] : [],
    roles: [],
    param: { user, db: "$external", mechanism: e.mechanism ?? MECHANISM, ...(e.ok ? {} : { reason: e.reason ?? "other", ...certificateParam(e) }) },
    result: e.ok ? 0 : (e.code ?? AUTHENTICATION_FAILED),
    cluster: e.cluster,
    connectionId: e.connectionId,
  };
}

/** A handshake refused before any command: an X.509 authentication that failed at the TLS layer. */
export function handshakeMessage(r: HandshakeRefusal, ts: Date): AuditMessage {
  return {
    atype: "authenticate",
    ts,
    ...withLocal(r.local),
    remote: auditAddress(r.remote),
    users: [],
    roles: [],
    param: { user: r.subject ?? "", db: "$external", mechanism: MECHANISM, stage: "tls", reason: r.reason, ...certificateParam(r) },
    result: AUTHENTICATION_FAILED,
    cluster: r.cluster,
  };
}

/** A command's authorization: `result` 0 when it was authorized, 13 when refused; the command's own outcome in `param`. */
export function authCheckMessage(e: CommandEvent, ts: Date): AuditMessage {
  const unauthorized = e.outcome === "unauthorized";
  return {
    atype: "authCheck",
    ts,
    ...withLocal(e.local),
    remote: auditAddress(e.remote),
    users: e.user === undefined ? [] : [{ user: e.user, db: "$external" }],
    roles: [],
    param: {
      command: e.command,
      ns: e.collection === undefined ? e.db : `${e.db}.${e.collection}`,
      ...(unauthorized ? {} : { outcome: e.outcome, ...(e.code === undefined ? {} : { code: e.code }) }),
    },
    result: unauthorized ? UNAUTHORIZED : 0,
    cluster: e.cluster,
    connectionId: e.connectionId,
  };
}

/** What the Admin API hook knows about one request. */
export interface ApiRequestFacts {
  method: string;
  /** The URL's path, without its query. */
  path: string;
  /** The matched route pattern, when one matched. */
  route: string | undefined;
  status: number;
  /** The operator: an API key (its public key) or a person (their email). */
  actor: { kind: string; label: string } | undefined;
  remote: AuditAddress;
  local: AuditAddress | undefined;
}

/** An Admin API or web UI request. */
export function apiRequestMessage(f: ApiRequestFacts, ts: Date): AuditMessage {
  return {
    atype: "apiRequest",
    ts,
    ...(f.local === undefined ? {} : { local: f.local }),
    remote: f.remote,
    users: f.actor === undefined ? [] : [{ user: f.actor.label, db: f.actor.kind }],
    roles: [],
    param: { method: f.method, path: f.path, ...(f.route === undefined ? {} : { route: f.route }), status: f.status },
    result: f.status < 400 ? 0 : f.status,
  };
}

/** One JSON line, `ts` written as mongod writes it: `{"$date": "<ISO-8601>"}`. */
export function auditLine(message: AuditMessage): string {
  return `${JSON.stringify({ ...message, ts: { $date: message.ts.toISOString() } })}\n`;
}

const text = JSON.stringify;

function addressJson(hostPort: string): string {
  const { ip, port } = auditAddress(hostPort);
  return `{"ip":${text(ip)},"port":${port}}`;
}

/**
 * The line of {@link authCheckMessage} written directly, for the audit of every command: the same
 * text as `auditLine(authCheckMessage(e, ts))` (a test holds them equal) at a third of the cost.
 * `isoTs` is `ts.toISOString()`.
 */
export function authCheckLine(e: CommandEvent, isoTs: string): string {
  const unauthorized = e.outcome === "unauthorized";
  const ns = e.collection === undefined ? e.db : `${e.db}.${e.collection}`;
  const outcome = unauthorized ? "" : `,"outcome":${text(e.outcome)}${e.code === undefined ? "" : `,"code":${e.code}`}`;
  return (
    `{"atype":"authCheck","ts":{"$date":"${isoTs}"}${e.local === undefined ? "" : `,"local":${addressJson(e.local)}`},"remote":${addressJson(e.remote)},` +
    `"users":${e.user === undefined ? "[]" : `[{"user":${text(e.user)},"db":"$external"}]`},"roles":[],` +
    `"param":{"command":${text(e.command)},"ns":${text(ns)}${outcome}},"result":${unauthorized ? UNAUTHORIZED : 0},` +
    `"cluster":${text(e.cluster)},"connectionId":${e.connectionId}}\n`
  );
}
