/**
 * How the route schemas validate requests.
 * - JSON bodies are validated as sent: a string is never read as a number or a boolean, nor the other
 *   way round (`"3"`, `true` or `null` where an integer belongs is refused), as Atlas refuses them.
 * - The query string and path parameters are text, so their booleans and integers are read from it
 *   (`?pretty=true`, `?itemsPerPage=5`).
 * - Unknown fields are refused, never silently dropped, and no defaults are filled in.
 */
import AjvCompiler, { type ValidatorFactory } from "@fastify/ajv-compiler";

const sharedOptions = { removeAdditional: false, useDefaults: false, allErrors: false } as const;

/** A validator factory that coerces the text parts of a request (query, params, headers) and never the body. */
export function buildRequestValidator(): ValidatorFactory {
  const fromPool = AjvCompiler();
  return (externalSchemas, options) => {
    const plugins = options?.plugins ?? [];
    const exact = fromPool(externalSchemas, { plugins, customOptions: { ...sharedOptions, coerceTypes: false } });
    const fromText = fromPool(externalSchemas, { plugins, customOptions: { ...sharedOptions, coerceTypes: true } });
    return (route) => (route.httpPart === "body" ? exact(route) : fromText(route));
  };
}
