/**
 * The one place where any error becomes Atlas's error body `{detail, error, errorCode, parameters,
 * reason}` with its HTTP status:
 * - `ApiError` (raised by the HTTP edge) as it is;
 * - `CoreError`: its `code` is already Atlas's errorCode, its status comes from the core's table;
 * - schema validation failures: INVALID_ATTRIBUTE (unknown field, or a value of the wrong JSON type:
 *   bodies are never coerced), MISSING_ATTRIBUTE, INVALID_ENUM_VALUE, INVALID_JSON_ATTRIBUTE (a value
 *   of the right type out of range or format), INVALID_QUERY_PARAMETER,
 *   INVALID_GROUP_ID / INVALID_ORG_ID for malformed ids in the path, each naming the field;
 * - body parsing failures: INVALID_JSON (malformed), UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE;
 * - other client errors Fastify raises: their status, INVALID_REQUEST;
 * - anything else: 500 UNEXPECTED_ERROR. Its cause is logged; stacks and SQL never reach the client.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { isCoreError } from "../../core/index.js";
import { ApiError, atlasErrorBody, type AtlasErrorBody } from "../api-error.js";

/** A validation problem in Atlas's v2 `badRequestDetail` form (v1.0 clients ignore the extra field). */
interface FieldViolation {
  field: string;
  description: string;
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(async (error: unknown, request, reply) => {
    const body = toAtlasError(error, request);
    if (body.error >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ errorCode: body.errorCode, status: body.error }, body.detail);
    return reply.code(body.error).send(body);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split("?")[0] ?? request.url;
    return reply.code(404).send(atlasErrorBody(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${path}.`, [path]));
  });
}

/** Translates any thrown value into an Atlas error body. */
export function toAtlasError(error: unknown, request: FastifyRequest): AtlasErrorBody & { badRequestDetail?: { fields: FieldViolation[] } } {
  if (error instanceof ApiError) return error.toBody();
  if (isCoreError(error)) return atlasErrorBody(error.status, error.code, error.detail, [...error.parameters]);
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0) {
    return validationError(fastifyError.validation[0] as AjvIssue, fastifyError.validationContext ?? "body", request);
  }
  switch (fastifyError.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return atlasErrorBody(415, "UNSUPPORTED_MEDIA_TYPE", "Request bodies must be JSON (Content-Type: application/json).");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return atlasErrorBody(413, "PAYLOAD_TOO_LARGE", "The request body is too large.");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return atlasErrorBody(400, "INVALID_JSON", "The request body does not match its Content-Length.");
  }
  const status = fastifyError.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return atlasErrorBody(status, "INVALID_REQUEST", `The request was refused: ${STATUS_CODES[status] ?? "client error"}.`);
  }
  return atlasErrorBody(500, "UNEXPECTED_ERROR", "Unexpected error.");
}

/** The parts of an Ajv error object that the translation reads. */
interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

function validationError(issue: AjvIssue, context: string, request: FastifyRequest) {
  const segments = issue.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const field = fieldName(segments);
  const value = valueAt(context === "body" ? request.body : context === "querystring" ? request.query : request.params, segments);
  const violation = (name: string): { fields: FieldViolation[] } => ({ fields: [{ field: name, description: issue.message ?? issue.keyword }] });

  if (context === "params") {
    const shown = typeof value === "string" ? value : String(value);
    if (field === "groupId") return { ...atlasErrorBody(404, "INVALID_GROUP_ID", `An invalid group ID ${shown} was specified.`, [shown]) };
    if (field === "orgId") return { ...atlasErrorBody(404, "INVALID_ORG_ID", `An invalid organization ID ${shown} was specified.`, [shown]) };
    return { ...atlasErrorBody(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${request.url.split("?")[0]}.`, [field]) };
  }
  if (context === "querystring") {
    const name = issue.keyword === "additionalProperties" ? String(issue.params.additionalProperty) : field;
    return {
      ...atlasErrorBody(400, "INVALID_QUERY_PARAMETER", `Invalid query parameter ${name}: ${issue.message ?? "not accepted"}.`, [name]),
      badRequestDetail: violation(name),
    };
  }
  switch (issue.keyword) {
    case "additionalProperties": {
      const name = joinField(field, String(issue.params.additionalProperty));
      return { ...atlasErrorBody(400, "INVALID_ATTRIBUTE", `Invalid attribute ${name} specified.`, [name]), badRequestDetail: violation(name) };
    }
    case "required": {
      const name = joinField(field, String(issue.params.missingProperty));
      return {
        ...atlasErrorBody(400, "MISSING_ATTRIBUTE", `The required attribute ${name} was not specified.`, [name]),
        badRequestDetail: violation(name),
      };
    }
    case "enum": {
      const shown = typeof value === "string" ? value : JSON.stringify(value);
      return {
        ...atlasErrorBody(400, "INVALID_ENUM_VALUE", `An invalid enumeration value ${shown} was specified for ${field}.`, [shown]),
        badRequestDetail: violation(field),
      };
    }
    case "type": {
      const name = field || "body";
      const expected = String(issue.params.type).split(",").join(" or ");
      return {
        ...atlasErrorBody(400, "INVALID_ATTRIBUTE", `Invalid attribute ${name} specified: it must be ${articleFor(expected)} ${expected}.`, [name]),
        badRequestDetail: violation(name),
      };
    }
    default: {
      const name = field || "body";
      return {
        ...atlasErrorBody(400, "INVALID_JSON_ATTRIBUTE", `Received JSON for the ${name} attribute does not match expected format: ${issue.message ?? "invalid"}.`, [name]),
        badRequestDetail: violation(name),
      };
    }
  }
}

/** "an integer", "a string". */
function articleFor(typeName: string): string {
  return /^[aeiou]/.test(typeName) ? "an" : "a";
}

/** `["roles", "0", "roleName"]` -> `roles[0].roleName`. */
function fieldName(segments: string[]): string {
  return segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), "");
}

function joinField(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let cur = root;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}
