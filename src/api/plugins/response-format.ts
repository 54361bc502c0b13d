/**
 * Shapes every response as Atlas does:
 * - `?pretty=true`: Jackson-style indentation (`pretty-json.ts`); otherwise compact JSON.
 * - `?envelope=true`: a single entity becomes `{status, content}`, a list (a body with `results`)
 *   gets `status` added. The status line then says 200, because envelopes exist for clients that
 *   cannot read it; `status` in the body carries the real code. Errors are enveloped the same way;
 *   a 401 digest challenge is not, since the client must see it to authenticate.
 * - JSON is written BigInt-safe, so certificate serials above 2^53 stay exact.
 * - `RawText` bodies (the PEM of a new certificate) go out verbatim, or as `content` of an envelope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { stringifyJson } from "../../shared/json.js";
import { prettyJson } from "../pretty-json.js";
import type { ResponseFormat } from "../request-context.js";

/** Content type of every JSON response. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/**
 * A body sent as it is (the PEM of `POST .../certs`). Without its own content type it is labelled
 * like the API version's JSON, as Atlas labels that PEM.
 */
export class RawText {
  constructor(
    readonly text: string,
    readonly contentType?: string,
  ) {}
}

/** A 204 that still produces `{status: 204}` when the client asked for an envelope. */
export function sendNoContent(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.responseFormat.envelope) {
    reply.skipEnvelope = true;
    return reply.code(200).send({ status: 204 });
  }
  return reply.code(204).send();
}

/** Reads `pretty` and `envelope` from the raw query: Atlas accepts `true` in any letter case. */
export function readResponseFormat(url: string): ResponseFormat {
  const q = url.indexOf("?");
  if (q < 0) return { pretty: false, envelope: false, jsonContentType: JSON_CONTENT_TYPE };
  const params = new URLSearchParams(url.slice(q + 1));
  return {
    pretty: params.get("pretty")?.toLowerCase() === "true",
    envelope: params.get("envelope")?.toLowerCase() === "true",
    jsonContentType: JSON_CONTENT_TYPE,
  };
}

/** Installs the hooks on `app` itself (not in a child scope), so they cover errors and unknown routes too. */
export function installResponseFormat(app: FastifyInstance): void {
  app.decorateRequest("responseFormat", null as unknown as ResponseFormat);
  app.decorateReply("skipEnvelope", false);

  app.addHook("onRequest", async (request, reply) => {
    request.responseFormat = readResponseFormat(request.url);
    reply.serializer((payload: unknown) => serialize(payload, request.responseFormat, reply));
  });

  app.addHook("preSerialization", async (request, reply, payload: unknown) => {
    if (!request.responseFormat?.envelope || reply.skipEnvelope) return payload;
    const status = reply.statusCode;
    reply.code(200);
    if (payload instanceof RawText) return { status, content: payload.text };
    if (isList(payload)) return { ...payload, status };
    return { status, content: payload };
  });
}

function serialize(payload: unknown, format: ResponseFormat, reply: FastifyReply): string {
  if (payload instanceof RawText) {
    reply.header("content-type", payload.contentType ?? format.jsonContentType);
    return payload.text;
  }
  // A string is already a body; it keeps a content type its route chose (e.g. the web UI's pages).
  if (typeof payload === "string") {
    if (!reply.hasHeader("content-type")) reply.header("content-type", format.jsonContentType);
    return payload;
  }
  reply.header("content-type", format.jsonContentType);
  return format.pretty ? prettyJson(payload) : stringifyJson(payload);
}

function isList(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === "object" && payload !== null && !Array.isArray(payload) && Array.isArray((payload as { results?: unknown }).results);
}
