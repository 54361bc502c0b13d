/**
 * POSTs a JSON body with node:http(s) and reports the status. `ca` adds trust anchors for receivers
 * with a private CA (CERTGATE_ALERT_WEBHOOK_CA_FILE); the system's roots stay trusted as well.
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { rootCertificates } from "node:tls";
import { permanent, transient, type DeliveryOutcome } from "./delivery-outcome.js";

/** Options of {@link postJson}. */
export interface PostOptions {
  headers?: Record<string, string>;
  /** Extra PEM trust anchors for https receivers. */
  ca?: string;
  timeoutMs?: number;
}

/** Sends `body`; 2xx is success, 408/429/5xx and network errors are transient, other statuses permanent. */
export function postJson(url: string, body: string, options: PostOptions = {}): Promise<DeliveryOutcome> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...options.headers },
        timeout: options.timeoutMs ?? 10_000,
        ...(target.protocol === "https:" && options.ca !== undefined ? { ca: [...rootCertificates, options.ca] } : {}),
      },
      (res) => {
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true });
          else if (status === 408 || status === 429 || status >= 500) resolve(transient(`The receiver answered HTTP ${status}.`, `${target.host} answered HTTP ${status}`));
          else resolve(permanent(`The receiver refused the notification with HTTP ${status}.`, `${target.host} refused the notification with HTTP ${status}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)));
    req.on("error", (err) => resolve(transient("The notification was not sent: certgate could not reach the receiver.", `POST to ${target.host} failed: ${err.message}`)));
    req.end(body);
  });
}
