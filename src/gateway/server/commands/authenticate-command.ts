/**
 * MONGODB-X509 authentication as mongod runs it, for the `authenticate` command and for
 * `speculativeAuthenticate` in the handshake; plus `saslStart`/`saslContinue` (no SASL mechanism
 * is offered), `logout` and `connectionStatus`.
 *
 * Failures follow current mongod, which masks every cause as 18 "Authentication failed." except
 * UserNotFound (11) and ProtocolError (17); the real cause goes to the log.
 */
import { Double, type Document } from "bson";
import { connectionStatusReply } from "../../authz/index.js";
import { bsonNumber } from "../../wire/index.js";
import type { CommandCall, CommandHandler } from "../cluster-runtime.js";
import { mongodErrorReply } from "../../backends/error-codes.js";
import { withLdapAuthorization } from "../ldap-grant.js";
import { grantFor, revokedRefusal } from "../user-grant.js";
import type { AuthenticationEvent, RefusalReason } from "../gateway-events.js";
import { presentedCertificate } from "../presented-certificate.js";

const MECHANISM = "MONGODB-X509";

/** The outcome of {@link runX509Authentication}. */
export type X509Outcome = { ok: true; user: string } | { ok: false; reply: Document };

function refused(call: CommandCall, request: Document, kind: RefusalReason, reason: string, reply = mongodErrorReply("AuthenticationFailed", "Authentication failed.")): X509Outcome {
  const { conn } = call;
  const mechanism: unknown = request.mechanism;
  // A driver that tried speculativeAuthenticate in its hello tries again with authenticate: one line, not two.
  const repeated = conn.reportedRefusal === reason;
  conn.reportedRefusal = reason;
  reportAuthentication(call, {
    ok: false,
    mechanism: typeof mechanism === "string" ? mechanism : undefined,
    code: Number(reply.code) || undefined,
    reason: kind,
    detail: reason,
    repeated,
  });
  return { ok: false, reply };
}

/** What an authentication event says beyond the connection and its certificate. */
type AuthenticationOutcome = Pick<AuthenticationEvent, "ok" | "mechanism" | "code" | "user" | "reason" | "detail" | "repeated">;

/** Tells the gateway's event listeners (log, metrics, audit) how an authentication on this connection ended. */
function reportAuthentication(call: CommandCall, outcome: AuthenticationOutcome): void {
  const { conn, runtime } = call;
  runtime.events.authentication({
    cluster: runtime.cluster.name,
    connectionId: conn.connectionId,
    remote: conn.remote,
    local: conn.local,
    ...outcome,
    ...presentedCertificate(conn.chain),
  });
}

/**
 * Authenticates the connection from its client certificate. `request` holds `mechanism` and the
 * optional `user`; `db` is the database the request names. On success the connection's
 * authorization is set.
 */
export async function runX509Authentication(call: CommandCall, request: Document, db: string): Promise<X509Outcome> {
  const { conn, runtime } = call;
  if (request.mechanism !== MECHANISM) return refused(call, request, "unsupported mechanism", `unsupported mechanism ${JSON.stringify(request.mechanism)}`);
  if (db !== "$external") {
    return { ok: false, reply: mongodErrorReply("ProtocolError", "X.509 authentication must always use the $external database.") };
  }
  const identity = conn.identity;
  if (identity === undefined) return refused(call, request, "unknown issuer", conn.identityFailure ?? "the client certificate did not verify against the project's CAs");
  if (request.user !== undefined && request.user !== identity.subject) {
    return refused(call, request, "user mismatch", `user ${JSON.stringify(request.user)} is not the certificate's subject "${identity.subject}"`);
  }
  if (identity.membershipKey !== "" && identity.membershipKey === runtime.serverMembershipKey) {
    return refused(call, request, "cluster member", `certificate "${identity.subject}" has the gateway's O/OU/DC and would be a cluster member`);
  }
  // While the gateway is still reading the project's revoked set, the store answers for this certificate.
  const revokedSet = runtime.access().revokedSerials;
  if (identity.anchorKind === "managed" && !revokedSet.complete && (await revokedSet.lookup(identity.serial))) {
    const revoked = revokedRefusal(identity);
    return refused(call, request, revoked.kind, revoked.reason, mongodErrorReply("AuthenticationFailed", "Authentication failed."));
  }
  const grant = await withLdapAuthorization(grantFor(identity, await runtime.findUser(identity.userName), runtime.access(), runtime.cluster.name), identity, runtime);
  if (!grant.ok) {
    if (grant.refusal === "UserNotFound") {
      return refused(call, request, grant.kind, grant.reason, mongodErrorReply("UserNotFound", `Could not find user "${identity.subject}" for db "$external"`));
    }
    return refused(call, request, grant.kind, grant.reason, mongodErrorReply("AuthenticationFailed", grant.message ?? "Authentication failed."));
  }
  conn.auth = grant.auth;
  conn.ldapRoles = grant.ldapRoles;
  conn.reportedRefusal = undefined;
  reportAuthentication(call, { ok: true, mechanism: MECHANISM, user: identity.subject });
  return { ok: true, user: identity.subject };
}

/** `authenticate`: `{authenticate: 1, mechanism: "MONGODB-X509", user?}` on `$external`. */
export const authenticateCommand: CommandHandler = async (call) => {
  const outcome = await runX509Authentication(call, call.body, call.db);
  return outcome.ok ? { dbname: "$external", user: outcome.user, ok: new Double(1) } : outcome.reply;
};

/** `saslStart` / `saslContinue`: the gateway offers no SASL mechanism. */
export const saslCommand: CommandHandler = (call) => {
  const mechanism = typeof call.body.mechanism === "string" ? call.body.mechanism : "";
  return mongodErrorReply("MechanismUnavailable", `Received authentication for mechanism ${mechanism} which is unknown or not enabled`);
};

/** `logout`: forgets the connection's authentication. */
export const logoutCommand: CommandHandler = (call) => {
  call.conn.auth = null;
  return { ok: new Double(1) };
};

/** `connectionStatus`: the authenticated user, roles and (with `showPrivileges`) privileges. */
export const connectionStatusCommand: CommandHandler = (call) => {
  const show = call.body.showPrivileges;
  const showPrivileges = show === true || (bsonNumber(show) ?? 0) !== 0;
  return connectionStatusReply(call.conn.auth, showPrivileges);
};
