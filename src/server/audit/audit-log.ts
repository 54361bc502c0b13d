/**
 * The audit log: authentications (and handshakes refused) and authorization failures at the gateway,
 * optionally every authorized command, and the Admin API's and web UI's changes with their operator and
 * address; each message kept only if it matches the configured filter (a MongoDB query document, as
 * mongod's `auditLog.filter`, `audit-filter.ts`). docs/operations.md describes the messages.
 */
import type { FastifyInstance } from "fastify";
import type { CommandEvent, GatewayEvents } from "../../gateway/server/gateway-events.js";
import { lookupCommand } from "../../gateway/server/command-table.js";
import type { AuditSettings } from "../../shared/audit-settings.js";
import type { AuditDestination } from "../../shared/audit-settings.js";
import { apiRequestMessage, auditAddress, auditLine, authCheckLine, authCheckMessage, authenticateMessage, handshakeMessage, type AuditMessage } from "./audit-message.js";
import { consoleSink, fileSink, type AuditSink } from "./audit-sink.js";
import { compileAuditFilter } from "./audit-filter.js";

/** A running audit log. */
export interface AuditLog {
  gatewayEvents: Partial<GatewayEvents>;
  /** Audits the Admin API's and web UI's changes, and requests refused for their credentials or roles. */
  watchApi(app: FastifyInstance): void;
  /** Reopens the file (after log rotation moved it). */
  reopen(): void;
  close(): Promise<void>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Opens `destination`; `onError` hears a file's failed writes. */
export function openAuditSink(destination: AuditDestination, onError?: (error: Error) => void): AuditSink {
  return destination.kind === "console" ? consoleSink() : fileSink(destination.path, onError);
}

/** Opens the audit log of `settings`; `now` stamps messages. */
export function createAuditLog(settings: AuditSettings, now: () => Date = () => new Date(), sink: AuditSink = openAuditSink(settings.destination)): AuditLog {
  const keep = compileAuditFilter(settings.filter);
  const write = (message: AuditMessage): void => {
    if (keep === undefined || keep(message)) sink.write(auditLine(message));
  };
  // Commands come thousands a second: their timestamp text is made once per millisecond.
  let stampedAt = NaN;
  let stamp = "";
  const isoNow = (): string => {
    const at = now();
    if (at.getTime() !== stampedAt) {
      stampedAt = at.getTime();
      stamp = at.toISOString();
    }
    return stamp;
  };
  const auditCommand = (e: CommandEvent): void => {
    if (keep === undefined) sink.write(authCheckLine(e, isoNow()));
    else write(authCheckMessage(e, now()));
  };
  return {
    gatewayEvents: {
      handshakeRefused: (r) => write(handshakeMessage(r, now())),
      authentication: (e) => write(authenticateMessage(e, now())),
      command: (e) => {
        if (e.outcome === "unauthorized") return auditCommand(e);
        // Commands that need no authorization (hello, ping, authenticate, ...) have no check to audit.
        if (settings.authorizationSuccess && lookupCommand(e.command)?.preAuth === false) auditCommand(e);
      },
    },
    watchApi(app) {
      app.addHook("onResponse", async (request, reply) => {
        const status = reply.statusCode;
        if (SAFE_METHODS.has(request.method) && status !== 401 && status !== 403) return;
        const socket = request.raw.socket;
        write(
          apiRequestMessage(
            {
              method: request.method,
              path: request.url.split("?")[0] ?? request.url,
              route: request.routeOptions.url,
              status,
              actor: request.actor === undefined ? undefined : { kind: request.actor.kind, label: request.actor.label },
              remote: auditAddress(`${socket.remoteAddress ?? "unknown"}:${socket.remotePort ?? 0}`),
              local: socket.localAddress === undefined ? undefined : auditAddress(`${socket.localAddress}:${socket.localPort ?? 0}`),
            },
            now(),
          ),
        );
      });
    },
    reopen: () => sink.reopen(),
    close: () => sink.close(),
  };
}
