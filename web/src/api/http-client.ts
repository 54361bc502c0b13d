import { parse as parseLossless, isSafeNumber } from "lossless-json";
import { ApiRequestError } from "./api-request-error.js";

/** Everything one request may carry. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** Header that carries the session's CSRF token on every request that changes something. */
export const CSRF_HEADER = "X-CSRF-Token";

const SAFE_METHODS = new Set(["GET", "HEAD"]);

let csrfToken: string | undefined;
const unauthorizedListeners = new Set<() => void>();

/** Remembers the CSRF token the sign-in (or `me`) answer handed out; `undefined` after sign-out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Calls `listener` whenever the server says the session is gone (401 without a session). */
export function onSessionExpired(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

function buildUrl(path: string, query: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Sends one request with the session cookie and, for writes, the CSRF token; answers the raw text.
 * Refusals become `ApiRequestError`s carrying Atlas's `detail` and `errorCode`.
 */
export async function requestText(method: string, path: string, options: RequestOptions = {}): Promise<string> {
  // The client header tells the server to answer a lost session with 401 SESSION_REQUIRED rather than a
  // Digest challenge, which would make the browser show its own password prompt.
  const headers: Record<string, string> = { Accept: "application/json", "X-Certgate-Client": "web-ui" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (!SAFE_METHODS.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (err) {
    throw new ApiRequestError(0, "NETWORK_ERROR", `The server could not be reached (${err instanceof Error ? err.message : String(err)}).`);
  }
  const text = await response.text();
  if (!response.ok) {
    const error = ApiRequestError.fromResponse(response.status, response.statusText, text);
    if (response.status === 401 && error.errorCode === "SESSION_REQUIRED") {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  return text;
}

/**
 * Like `requestText`, parsing the answer as JSON. Integers beyond 2^53 (certificate serials) arrive
 * as decimal strings instead of being rounded, so they can be sent back exactly.
 */
export async function requestJson<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const text = await requestText(method, path, options);
  if (text.trim() === "") return undefined as T;
  return parseLossless(text, null, (value) => (isSafeNumber(value) ? Number(value) : value)) as T;
}
