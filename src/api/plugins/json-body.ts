/**
 * Request bodies: JSON under `application/json` or Atlas's versioned `application/vnd.atlas.*+json`.
 * - An empty body reads as `{}`, so `POST .../certs` without a body takes Atlas's defaults and a route
 *   with required fields reports the first missing one by name.
 * - Malformed JSON is refused with 400 INVALID_JSON saying where parsing stopped.
 * - Other media types (Fastify would accept text/plain) are refused with 415.
 * - `__proto__` keys are refused: a parsed body must never be able to change an object's prototype.
 */
import type { FastifyInstance } from "fastify";
import { ApiError } from "../api-error.js";

/** Largest accepted body: a customer CA bundle of a few dozen certificates fits easily. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Makes JSON the only body type `app` accepts; anything else is 415. */
export function installJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  for (const contentType of ["application/json", /^application\/vnd\.atlas\.[0-9a-z.-]+\+json$/]) {
    app.addContentTypeParser(contentType, { parseAs: "string", bodyLimit: MAX_BODY_BYTES }, (_request, body, done) => {
      const text = typeof body === "string" ? body : body.toString("utf8");
      try {
        done(null, parseJsonBody(text));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
  }
}

/** Parses one request body; exported for tests. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === "__proto__") throw new ApiError(400, "INVALID_ATTRIBUTE", "Invalid attribute __proto__ specified.", ["__proto__"]);
      return value;
    });
  } catch (err) {
    if (err instanceof ApiError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ApiError(400, "INVALID_JSON", `Received JSON is malformed: ${reason}.`, [], { cause: err });
  }
}
