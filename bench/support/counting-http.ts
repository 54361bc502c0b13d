/**
 * A benchmark client transport: one HTTP exchange whose body is counted and dropped, never joined or
 * decoded, so what the client itself costs is the same small amount whatever the body's size. Signed
 * requests go through the CLI's Digest client over it, so a route and its baseline pay the same
 * authentication.
 */
import { request, type IncomingHttpHeaders } from "node:http";
import type { HttpRequest, HttpResponse } from "../../src/cli/api-client/http-transport.js";

/** An answer read by {@link sendCounting}: its body's length instead of the body. */
export interface CountedResponse extends HttpResponse {
  bytes: number;
}

/** Sends `req` (plain HTTP) and reads the answer, counting the body's bytes. */
export function sendCounting(req: HttpRequest): Promise<CountedResponse> {
  return new Promise((resolve, reject) => {
    const r = request(req.url, { method: req.method, headers: req.headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("error", reject);
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          reason: res.statusMessage ?? "",
          headers: res.headers as IncomingHttpHeaders,
          challenges: res.headersDistinct["www-authenticate"] ?? [],
          body: "",
          bytes,
        }),
      );
    });
    r.on("error", reject);
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
