/**
 * Fastify's and Node's own refusals, in Atlas's error body `{detail, error, errorCode, parameters,
 * reason}` like every other error, with `X-Content-Type-Options: nosniff`:
 * - a URL Fastify can't decode (bad percent-encoding): 400 INVALID_URL;
 * - a path segment longer than the router accepts: 414 URI_TOO_LONG;
 * - a request line and headers beyond Node's 16 KiB: 414 URI_TOO_LONG when the request line takes more
 *   than half of it, 431 REQUEST_HEADER_FIELDS_TOO_LARGE otherwise;
 * - an HTTP request Node can't parse: 400 MALFORMED_REQUEST; one that arrives too slowly: 408.
 * The URL is never echoed back: it may be huge, or carry what its sender should not see reflected.
 */
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { atlasErrorBody, type AtlasErrorBody } from "../api-error.js";
import { NOSNIFF } from "./security-headers.js";

/** Fastify's `frameworkErrors` option: errors raised before a route is found. */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const body =
    error.code === "FST_ERR_MAX_PARAM_LENGTH"
      ? atlasErrorBody(414, "URI_TOO_LONG", "A path segment of the request URI is too long.")
      : error.code === "FST_ERR_BAD_URL"
        ? atlasErrorBody(400, "INVALID_URL", "The request URI is malformed: it has an invalid percent-encoding.")
        : atlasErrorBody(400, "MALFORMED_REQUEST", "The request could not be routed.");
  void reply
    .code(body.error)
    .header(NOSNIFF.name, NOSNIFF.value)
    .header("content-type", "application/json; charset=utf-8")
    .send(JSON.stringify(body));
}

/** Half of Node's 16 KiB header limit: a request line longer than this is what overflowed it. */
const URI_LIMIT_BYTES = 8 * 1024;

/** The request methods Node's parser knows, for telling an over-long request line from big headers. */
const REQUEST_LINE_START = /^[A-Z]{3,12} /;

/** Node's `clientError` event, in Fastify's `clientErrorHandler` option: the request never reached Fastify. */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify(clientErrorBody(error));
    const status = (JSON.parse(body) as AtlasErrorBody).error;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${NOSNIFF.name}: ${NOSNIFF.value}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function clientErrorBody(error: Error & { code?: string; rawPacket?: unknown }): AtlasErrorBody {
  switch (error.code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return atlasErrorBody(408, "REQUEST_TIMEOUT", "The request was not received in time.");
    case "HPE_HEADER_OVERFLOW":
      return requestLineTooLong(error.rawPacket)
        ? atlasErrorBody(414, "URI_TOO_LONG", "The request URI is too long.")
        : atlasErrorBody(431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "The request headers are too large.");
    default:
      return atlasErrorBody(400, "MALFORMED_REQUEST", "The HTTP request is malformed.");
  }
}

/** Whether the data Node gave up on starts with a request line of more than `URI_LIMIT_BYTES`. */
function requestLineTooLong(raw: unknown): boolean {
  if (!Buffer.isBuffer(raw) || !REQUEST_LINE_START.test(raw.subarray(0, 16).toString("latin1"))) return false;
  const end = raw.indexOf("\r\n");
  return (end < 0 ? raw.length : end) > URI_LIMIT_BYTES;
}
