/** One HTTP(S) exchange with the body read as text; the transport under the Digest client. */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

/** A response as the CLI reads it. */
export interface HttpResponse {
  status: number;
  reason: string;
  headers: IncomingHttpHeaders;
  /** Every `WWW-Authenticate` value on its own: Node would otherwise join separate challenges with ", ". */
  challenges: string[];
  body: string;
}

/** What one request sends. */
export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

/** The server could not be reached at all (refused, DNS, TLS, reset). */
export class TransportError extends Error {
  override readonly name = "TransportError";
}

const TIMEOUT_MS = 120_000;

/** Sends `req` and reads the whole answer. */
export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
  const send = req.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body === undefined ? {} : { "content-length": String(Buffer.byteLength(req.body)) }) };
    const r = send(req.url, { method: req.method, headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => reject(new TransportError(`reading the answer from ${req.url.origin} failed: ${err.message}`)));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? "",
          headers: res.headers,
          challenges: res.headersDistinct["www-authenticate"] ?? [],
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    r.on("timeout", () => r.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    r.on("error", (err: NodeJS.ErrnoException) =>
      reject(new TransportError(`cannot reach certgate at ${req.url.origin}: ${err.code ?? err.message}`)),
    );
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
