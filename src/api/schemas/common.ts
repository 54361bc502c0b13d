/**
 * JSON schemas shared by the Admin API routes. They validate requests and, through @fastify/swagger,
 * make up the OpenAPI document; names and constraints follow Atlas's published OpenAPI.
 */

/** `^([a-f0-9]{24})$`: Atlas's project and organization ids. */
export const OBJECT_ID_PATTERN = "^([a-f0-9]{24})$";

/** `pretty` and `envelope`, accepted by every operation. */
export const formatQuery = {
  pretty: { type: "boolean", description: "Pretty-print the JSON body (Atlas style). Default false." },
  envelope: {
    type: "boolean",
    description: "Wrap the body in {status, content} (lists: add status) and answer HTTP 200. Default false.",
  },
} as const;

/** Querystring of operations that return one entity. */
export const entityQuery = {
  type: "object",
  additionalProperties: false,
  properties: { ...formatQuery },
} as const;

/** `pageNum`, `itemsPerPage`, `includeCount` with Atlas's bounds. */
export const pageQueryProperties = {
  ...formatQuery,
  pageNum: { type: "integer", minimum: 1, description: "Page to return, from 1. Default 1." },
  itemsPerPage: { type: "integer", minimum: 1, maximum: 500, description: "Items per page, 1 to 500. Default 100." },
  includeCount: { type: "boolean", description: "Include totalCount. Default true." },
} as const;

/** Querystring of paginated list operations. */
export const listQuery = {
  type: "object",
  additionalProperties: false,
  properties: { ...pageQueryProperties },
} as const;

/** Path parameter `groupId`. */
export const groupIdParam = {
  type: "string",
  pattern: OBJECT_ID_PATTERN,
  description: "Unique 24-hexadecimal digit string that identifies the project.",
} as const;

/** Path parameters of project-scoped routes. */
export const groupParams = {
  type: "object",
  required: ["groupId"],
  properties: { groupId: groupIdParam },
} as const;

/** Atlas's `Link`. */
export const linkSchema = {
  type: "object",
  properties: { href: { type: "string" }, rel: { type: "string" } },
} as const;

/** Atlas's `ApiError`. */
export const apiErrorSchema = {
  type: "object",
  description: "Atlas error body.",
  required: ["error", "errorCode"],
  properties: {
    detail: { type: "string" },
    error: { type: "integer" },
    errorCode: { type: "string" },
    parameters: { type: "array", items: {} },
    reason: { type: "string" },
    badRequestDetail: {
      type: "object",
      properties: {
        fields: {
          type: "array",
          items: { type: "object", properties: { field: { type: "string" }, description: { type: "string" } } },
        },
      },
    },
  },
} as const;

/** The error responses every authenticated operation can produce. */
export const errorResponses = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
} as const;

/** A paginated list of `items` (`{links, results, totalCount}`). */
export function paginated(title: string, items: object) {
  return {
    type: "object",
    title,
    properties: {
      links: { type: "array", items: linkSchema },
      results: { type: "array", items },
      totalCount: { type: "integer", minimum: 0 },
    },
  } as const;
}

/** A 204 response without a body. */
export const noContent = { type: "null", description: "No content." } as const;
