/**
 * A small HTTP Digest client for the API tests, written from RFC 7616 independently of the server's
 * code, so the tests don't check the server against itself. It exposes each step, so tests can
 * replay a nonce, reuse a nonce-count or answer an old challenge.
 */
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";

/** A response as the tests look at it. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A parsed `WWW-Authenticate: Digest` challenge. */
export interface Challenge {
  realm: string;
  nonce: string;
  algorithm: string;
  qop: string;
  stale: string;
  raw: string;
}

/** Sends one request. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      // Node joins repeated headers with ", "; challenges must stay apart, so take the distinct values.
      const headers = { ...res.headers, "www-authenticate": res.headersDistinct["www-authenticate"] };
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** The challenges of a 401 response, in the order the server sent them. */
export function challengesOf(result: HttpResult): Challenge[] {
  const header = result.headers["www-authenticate"];
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return values.map((raw) => {
    const params: Record<string, string> = {};
    for (const m of raw.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) params[m[1] as string] = m[2] ?? m[3] ?? "";
    return { realm: params.realm ?? "", nonce: params.nonce ?? "", algorithm: params.algorithm ?? "MD5", qop: params.qop ?? "", stale: params.stale ?? "", raw };
  });
}

/** Builds an `Authorization` header answering `challenge`. */
export function authorization(params: {
  challenge: Challenge;
  username: string;
  password: string;
  method: string;
  uri: string;
  nc: number;
  cnonce?: string;
}): string {
  const { challenge, username, password, method, uri } = params;
  const algo = challenge.algorithm.toUpperCase().startsWith("SHA-256") ? "sha256" : "md5";
  const h = (s: string) => createHash(algo).update(s).digest("hex");
  const nc = params.nc.toString(16).padStart(8, "0");
  const cnonce = params.cnonce ?? randomBytes(8).toString("hex");
  const ha1 = h(`${username}:${challenge.realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  const response = h(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username="${username}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", ` +
    `algorithm=${challenge.algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`
  );
}

/** Credentials of an API key. */
export interface ApiKeyPair {
  publicKey: string;
  privateKey: string;
}

/**
 * Makes an authenticated request: first unauthenticated to get a challenge (as curl does), then
 * with the answer. `pickAlgorithm` chooses among the offered challenges (default: the first).
 */
export async function digestRequest(
  url: string,
  key: ApiKeyPair,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; pickAlgorithm?: string } = {},
): Promise<HttpResult> {
  const method = init.method ?? "GET";
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const headers = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...init.headers };
  const first = await send(url, { method, headers });
  if (first.status !== 401) throw new Error(`expected a 401 challenge from ${method} ${url}, got ${first.status}: ${first.body}`);
  const offered = challengesOf(first);
  const challenge = init.pickAlgorithm ? offered.find((c) => c.algorithm === init.pickAlgorithm) : offered[0];
  if (!challenge) throw new Error(`no ${init.pickAlgorithm ?? "digest"} challenge in ${JSON.stringify(first.headers["www-authenticate"])}`);
  const u = new URL(url);
  const auth = authorization({ challenge, username: key.publicKey, password: key.privateKey, method, uri: `${u.pathname}${u.search}`, nc: 1 });
  return send(url, { method, headers: { ...headers, authorization: auth }, ...(body === undefined ? {} : { body }) });
}

/** `digestRequest` that parses a JSON answer. */
export async function digestJson(url: string, key: ApiKeyPair, init: Parameters<typeof digestRequest>[2] = {}): Promise<{ status: number; json: unknown; result: HttpResult }> {
  const result = await digestRequest(url, key, init);
  return { status: result.status, json: result.body === "" ? undefined : JSON.parse(result.body), result };
}
