/**
 * Shapes every response as Atlas does:
 * - `?pretty=true`: Jackson-style indentation (`pretty-json.ts`); otherwise compact JSON.
 * - `?envelope=true`: a single entity becomes `{status, content}`, a list (a body with `results`)
 *   gets `status` added. The status line then says 200, because envelopes exist for clients that
 *   cannot read it; `status` in the body carries the real code. Errors are enveloped the same way;
 *   a 401 digest challenge is not, since the client must see it to authenticate.
 * - A route's response schema for the status shapes the body first, as Fastify's own serializer would:
 *   fields the schema does not declare are dropped, so a schema is a promise about what leaves.
 * - JSON is written BigInt-safe, so certificate serials above 2^53 stay exact.
 * - `RawText` bodies (the PEM of a new certificate) go out verbatim, or as `content` of an envelope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseJson, stringifyJson } from "../../shared/json.js";
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
    const shaped = applyResponseSchema(reply, payload);
    if (!request.responseFormat?.envelope || reply.skipEnvelope) return shaped;
    const status = reply.statusCode;
    reply.code(200);
    if (shaped instanceof RawText) return { status, content: shaped.text };
    if (isList(shaped)) return { ...shaped, status };
    return { status, content: shaped };
  });
}

/**
 * Passes `payload` through the serializer Fastify compiled from the route's response schema for the
 * reply's status (the exact code, then `2xx`-style, then `default`, as Fastify looks them up), and reads
 * the result back exactly, in the payload's key order (routes order keys as Atlas does; the compiled
 * serializer writes them in schema order). Bodies without a schema, and raw text, pass unchanged.
 */
function applyResponseSchema(reply: FastifyReply, payload: unknown): unknown {
  if (payload instanceof RawText || typeof payload === "string") return payload;
  const status = String(reply.statusCode);
  const serialize =
    reply.getSerializationFunction(status) ?? reply.getSerializationFunction(`${status.charAt(0)}xx`) ?? reply.getSerializationFunction("default");
  return serialize === undefined ? payload : inOrderOf(payload, parseJson(serialize(payload as Record<string, unknown>)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `shaped` with its object keys in the order `original` has them (keys only `shaped` has go last). */
function inOrderOf(original: unknown, shaped: unknown): unknown {
  if (Array.isArray(shaped)) return Array.isArray(original) ? shaped.map((item, i) => inOrderOf(original[i], item)) : shaped;
  if (!isPlainObject(shaped)) return shaped;
  const source = isPlainObject(original) && typeof original.toJSON !== "function" ? original : {};
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (Object.hasOwn(shaped, key)) ordered[key] = inOrderOf(source[key], shaped[key]);
  for (const key of Object.keys(shaped)) if (!Object.hasOwn(ordered, key)) ordered[key] = shaped[key];
  return ordered;
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
