/**
 * JSON schemas shared by the Admin API routes, built with TypeBox so that each schema is also the type
 * of what it validates (the routes' `TypeBoxTypeProvider`). They validate requests and, through
 * @fastify/swagger, make up the OpenAPI document; names and constraints follow Atlas's published OpenAPI.
 */
import { Type, type TSchema, type TUnsafe } from "typebox";

/** `^([a-f0-9]{24})$`: Atlas's project and organization ids. */
export const OBJECT_ID_PATTERN = "^([a-f0-9]{24})$";

/** A string that is one of `values`, written as Atlas's OpenAPI writes it (`{type: "string", enum}`). */
export function stringEnum<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values], ...options });
}

/** `pretty` and `envelope`, accepted by every operation. */
export const formatQuery = {
  pretty: Type.Optional(Type.Boolean({ description: "Pretty-print the JSON body (Atlas style). Default false." })),
  envelope: Type.Optional(
    Type.Boolean({ description: "Wrap the body in {status, content} (lists: add status) and answer HTTP 200. Default false." }),
  ),
};

/** Querystring of operations that return one entity. */
export const entityQuery = Type.Object({ ...formatQuery }, { additionalProperties: false });

/** `pageNum`, `itemsPerPage`, `includeCount` with Atlas's bounds. */
export const pageQueryProperties = {
  ...formatQuery,
  pageNum: Type.Optional(Type.Integer({ minimum: 1, description: "Page to return, from 1. Default 1." })),
  itemsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: "Items per page, 1 to 500. Default 100." })),
  includeCount: Type.Optional(Type.Boolean({ description: "Include totalCount. Default true." })),
};

/** Querystring of paginated list operations. */
export const listQuery = Type.Object({ ...pageQueryProperties }, { additionalProperties: false });

/** Path parameter `groupId`. */
export const groupIdParam = Type.String({ pattern: OBJECT_ID_PATTERN, description: "Unique 24-hexadecimal digit string that identifies the project." });

/** Path parameters of project-scoped routes. */
export const groupParams = Type.Object({ groupId: groupIdParam });

/** Atlas's `Link`. */
export const linkSchema = Type.Object({ href: Type.Optional(Type.String()), rel: Type.Optional(Type.String()) });

/** Atlas's `ApiError`. */
export const apiErrorSchema = Type.Object(
  {
    detail: Type.Optional(Type.String()),
    error: Type.Integer(),
    errorCode: Type.String(),
    parameters: Type.Optional(Type.Array(Type.Unknown())),
    reason: Type.Optional(Type.String()),
    badRequestDetail: Type.Optional(
      Type.Object({
        fields: Type.Optional(Type.Array(Type.Object({ field: Type.Optional(Type.String()), description: Type.Optional(Type.String()) }))),
      }),
    ),
  },
  { description: "Atlas error body." },
);

/** The error responses every authenticated operation can produce. */
export const errorResponses = {
  400: apiErrorSchema,
  401: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
};

/** A paginated list of `items` (`{links, results, totalCount}`). */
export function paginated<T extends TSchema>(title: string, items: T) {
  return Type.Object(
    {
      links: Type.Optional(Type.Array(linkSchema)),
      results: Type.Optional(Type.Array(items)),
      totalCount: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { title },
  );
}

/** A 204 response without a body. */
export const noContent = Type.Null({ description: "No content." });
