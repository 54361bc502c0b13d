/**
 * Headers on every response of the server, errors and unknown routes included. `nosniff` makes
 * browsers take the declared content type at its word: a JSON error body that echoes a client value
 * is never run as a script or rendered as HTML. The web UI's files are served with exact types
 * (`ui/static-ui.ts`), so it loses nothing.
 */
import type { FastifyInstance } from "fastify";

/** `X-Content-Type-Options: nosniff`. */
export const NOSNIFF = { name: "x-content-type-options", value: "nosniff" } as const;

/** Installs the headers on `app` itself, first, so they also cover errors raised by later hooks. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onRequest", async (_request, reply) => {
    reply.header(NOSNIFF.name, NOSNIFF.value);
  });
}
