/**
 * The Admin API as the CLI calls it: `/api/atlas/v1.0` below the server's base URL, Digest-signed with
 * an API key, JSON in and out with exact int64s, and error statuses turned into `ApiRequestError`.
 */
import { DigestClient, type DigestCredentials } from "./digest-client.js";
import { ApiRequestError } from "./api-request-error.js";
import { parseJson, stringifyJson } from "../../shared/json.js";
import type { HttpResponse } from "./http-transport.js";

/** The Admin API's path below the server's base URL. */
export const API_PREFIX = "/api/atlas/v1.0";

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** Where and as whom to call the API. */
export interface ApiClientOptions {
  /** The server's base URL; a URL that already ends in `/api/atlas/v1.0` (or `/v2`) is accepted too. */
  apiUrl: string;
  key: DigestCredentials;
}

/** A signed client of one certgate server. */
export class ApiClient {
  private readonly base: URL;
  private readonly digest: DigestClient;

  constructor(options: ApiClientOptions) {
    this.base = serverBase(options.apiUrl);
    this.digest = new DigestClient(options.key);
  }

  /** Calls the API and parses its JSON answer (`undefined` for an empty body, e.g. 204). */
  async json(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<unknown> {
    const response = await this.call(method, path, options);
    return response.body === "" ? undefined : parseJson(response.body);
  }

  /** Calls the API and returns its body as text (the PEM answers). */
  async text(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<string> {
    return (await this.call(method, path, options)).body;
  }

  private async call(method: string, path: string, options: { query?: Query; body?: unknown }): Promise<HttpResponse> {
    const url = new URL(`${this.base.pathname.replace(/\/$/, "")}${API_PREFIX}${path}`, this.base);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const body = options.body === undefined ? undefined : stringifyJson(options.body);
    const headers: Record<string, string> = { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) };
    const response = await this.digest.send({ method, url, headers, ...(body === undefined ? {} : { body }) });
    if (response.status >= 400) throw new ApiRequestError(response.status, parseErrorBody(response.body), response.body, response.reason);
    return response;
  }
}

/** `path` segment encoded for the API (DNs hold `,` and `=`; `$external` stays readable). */
export function segment(value: string): string {
  return encodeURIComponent(value).replace(/%(24|3D|2C|40|3A)/gi, (m) => decodeURIComponent(m));
}

function serverBase(apiUrl: string): URL {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`the API URL "${apiUrl}" is not a URL (expected e.g. http://localhost:8080)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`the API URL "${apiUrl}" must start with http:// or https://`);
  url.pathname = url.pathname.replace(/\/api\/atlas\/(v1\.0|v2)\/?$/, "/");
  url.search = "";
  return url;
}

function parseErrorBody(text: string): unknown {
  try {
    return text === "" ? undefined : parseJson(text);
  } catch {
    return undefined;
  }
}
