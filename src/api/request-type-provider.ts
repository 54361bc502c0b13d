/** How the Admin API's routes get their request types from their schemas. */
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { Static, TSchema } from "typebox";

/**
 * Types a route's request (params, querystring, body, headers) from its TypeBox schemas, so a handler
 * reads what the schema validated without a cast. Replies are not typed from the response schemas:
 * those shape every body at run time instead (`plugins/response-format.ts`), which also turns the
 * core's bigint serials into exact JSON integers.
 */
export interface RequestTypeProvider extends FastifyTypeProvider {
  validator: this["schema"] extends TSchema ? Static<this["schema"]> : unknown;
  serializer: unknown;
}

/** The API's Fastify scope with {@link RequestTypeProvider}. */
export type ApiScope = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, RequestTypeProvider>;
