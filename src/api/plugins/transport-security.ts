/**
 * What the Admin API and web UI add when certgate itself terminates TLS: HSTS on every response, and,
 * when mutual TLS is mandatory, a client certificate that chains to the configured client CA on every
 * request (the web UI's too) except the health checks. The HTTPS server always asks for a client certificate without requiring one in the
 * handshake, so a route that authenticates with the certificate itself (certificate renewal) can read and
 * verify it; such a route says so with `config: { checksOwnClientCertificate: true }`.
 */
import type { TLSSocket } from "node:tls";
import type { FastifyInstance } from "fastify";
import { atlasErrorBody } from "../api-error.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route verifies the peer's client certificate itself; mandatory mutual TLS lets it through. */
    checksOwnClientCertificate?: boolean;
  }
}

/** One year, as browsers' HSTS preload lists expect. */
export const HSTS_HEADER_VALUE = "max-age=31536000";

/** Options of {@link installTransportSecurity}. */
export interface TransportSecurityOptions {
  /** Every request must present a client certificate the server's `ca` verified. */
  requireClientCertificate: boolean;
  /** Paths starting with one of these are served without a client certificate (health checks). */
  exemptPrefixes?: readonly string[];
}

/** The detail of the 401 a request without a verified client certificate gets. */
export const CLIENT_CERTIFICATE_REQUIRED_DETAIL = "This server requires a client certificate issued by its client CA.";

/** Installs the hooks on `app`; call it before the authentication hooks so a refusal comes first. */
export function installTransportSecurity(app: FastifyInstance, options: TransportSecurityOptions): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.header("strict-transport-security", HSTS_HEADER_VALUE);
    if (!options.requireClientCertificate || options.exemptPrefixes?.some((prefix) => request.url.startsWith(prefix))) return;
    if (request.routeOptions.config.checksOwnClientCertificate === true) return;
    const socket = request.raw.socket as TLSSocket;
    if (socket.authorized === true) return;
    request.log.info({ remoteAddress: request.ip, reason: socket.authorizationError ?? "no certificate" }, "client certificate refused");
    reply.skipEnvelope = true;
    return reply.code(401).send(atlasErrorBody(401, "CLIENT_CERTIFICATE_REQUIRED", CLIENT_CERTIFICATE_REQUIRED_DETAIL));
  });
}
