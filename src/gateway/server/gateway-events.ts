/**
 * What the gateway reports about its connections, for the refusal log, the Prometheus metrics and the
 * audit log (each one a {@link GatewayEvents}). The gateway calls these at a few narrow points: a
 * connection accepted or refused at the handshake, an authentication, a command's reply, a revocation
 * that closed a connection.
 */

/** Why a client certificate was refused, in the words of the logs and the metrics' `reason` label. */
export type RefusalReason =
  | "unknown issuer"
  | "expired"
  | "not yet valid"
  | "revoked"
  | "no certificate"
  | "user not found"
  | "wrong x509Type"
  | "LDAP"
  | "user mismatch"
  | "cluster member"
  | "unsupported mechanism"
  | "roles"
  | "TLS protocol"
  | "other";

/** The certificate a client presented, when it presented one. */
export interface PresentedCertificate {
  subject?: string | undefined;
  issuer?: string | undefined;
  /** Hexadecimal, as `openssl x509 -serial` prints it. */
  serial?: string | undefined;
}

/** A handshake the gateway refused. */
export interface HandshakeRefusal extends PresentedCertificate {
  cluster: string;
  remote: string;
  /** `host:port` the client connected to. */
  local?: string | undefined;
  reason: RefusalReason;
  /** The TLS library's words, e.g. `CERT_HAS_EXPIRED`. */
  detail: string;
}

/** One authentication attempt. */
export interface AuthenticationEvent extends PresentedCertificate {
  cluster: string;
  connectionId: number;
  remote: string;
  /** `host:port` the client connected to. */
  local?: string | undefined;
  ok: boolean;
  /** The mechanism the client asked for. */
  mechanism?: string | undefined;
  /** mongod's error code of a refusal: 18 AuthenticationFailed, 11 UserNotFound. */
  code?: number | undefined;
  /** The authenticated user (mongod's rendering of the subject) on success. */
  user?: string | undefined;
  reason?: RefusalReason | undefined;
  detail?: string | undefined;
  /** The same refusal was already reported on this connection (a driver's second try). */
  repeated?: boolean | undefined;
}

/** How a command ended: `unauthorized` is mongod's code 13. */
export type CommandOutcome = "ok" | "error" | "unauthorized";

/** One command and its reply. */
export interface CommandEvent {
  cluster: string;
  connectionId: number;
  remote: string;
  /** `host:port` the client connected to. */
  local?: string | undefined;
  /** The authenticated user, if any. */
  user: string | undefined;
  db: string;
  command: string;
  /** The collection the command names, when its first field's value is one. */
  collection: string | undefined;
  outcome: CommandOutcome;
  /** mongod's error code when the outcome is not `ok`. */
  code: number | undefined;
  seconds: number;
}

/** A listener for what the gateway reports; every method is optional to implement through {@link NO_GATEWAY_EVENTS}. */
export interface GatewayEvents {
  connectionOpened(cluster: string): void;
  connectionClosed(cluster: string): void;
  handshakeRefused(refusal: HandshakeRefusal): void;
  authentication(event: AuthenticationEvent): void;
  command(event: CommandEvent): void;
  /** An open connection was closed or lost its authentication because its certificate was revoked. */
  revocationApplied(cluster: string): void;
}

/** Listens to nothing. */
export const NO_GATEWAY_EVENTS: GatewayEvents = {
  connectionOpened: () => undefined,
  connectionClosed: () => undefined,
  handshakeRefused: () => undefined,
  authentication: () => undefined,
  command: () => undefined,
  revocationApplied: () => undefined,
};

/** One listener that tells each of `listeners`. */
export function combineGatewayEvents(...listeners: readonly Partial<GatewayEvents>[]): GatewayEvents {
  const each = <K extends keyof GatewayEvents>(key: K) => {
    const fns = listeners.map((l) => l[key]).filter((fn): fn is GatewayEvents[K] => fn !== undefined);
    return ((arg: never) => {
      for (const fn of fns) (fn as (a: never) => void)(arg);
    }) as GatewayEvents[K];
  };
  return {
    connectionOpened: each("connectionOpened"),
    connectionClosed: each("connectionClosed"),
    handshakeRefused: each("handshakeRefused"),
    authentication: each("authentication"),
    command: each("command"),
    revocationApplied: each("revocationApplied"),
  };
}

/** The refusal reason of a TLS verification error code (`socket.authorizationError`). */
export function handshakeRefusalReason(code: string | undefined, presentedCertificate: boolean): RefusalReason {
  if (!presentedCertificate) return "no certificate";
  switch (code) {
    case "CERT_HAS_EXPIRED":
      return "expired";
    case "CERT_NOT_YET_VALID":
      return "not yet valid";
    case "CERT_REVOKED":
      return "revoked";
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "CERT_UNTRUSTED":
    case "CERT_SIGNATURE_FAILURE":
      return "unknown issuer";
    default:
      return "other";
  }
}
