/**
 * The `trustProxy` setting: which peers are reverse proxies whose `X-Forwarded-For` (and
 * `X-Forwarded-Proto`/`-Host`) the Admin API believes. Off by default, because a client that can reach
 * the server directly could otherwise name any address it likes, and the sign-in lock-out, which counts
 * failures per source address, would count nothing. The proxies are named by address or network
 * (`10.0.0.5`, `10.0.0.0/8`, `::1`, or `loopback`, `linklocal`, `uniquelocal`), as Fastify's
 * `trustProxy` option takes them; a request's address is then the last one in X-Forwarded-For that is
 * not a named proxy.
 */
import { isIP } from "node:net";

/** The parsed setting: a comma-separated list of trusted proxies, or undefined (off). */
export type TrustProxy = string | undefined;

const OFF = new Set(["", "off", "false", "none"]);
const EVERYONE = new Set(["true", "on", "all", "*", "0.0.0.0/0", "::/0"]);
const NAMED_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry) || isIP(entry) !== 0) return true;
  const [address = "", prefix, extra] = entry.split("/");
  if (prefix === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefix)) return false;
  const version = isIP(address);
  // A network of prefix 0 is every address, however its address part is written (10.0.0.0/0, ::0/0).
  return version !== 0 && Number(prefix) >= 1 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Parses the setting's text; `fail` builds the error for a value that can't be used. */
export function parseTrustProxy(text: string, fail: (reason: string) => Error): TrustProxy {
  const value = text.trim().toLowerCase();
  if (OFF.has(value)) return undefined;
  if (EVERYONE.has(value) || /^\d+$/.test(value)) {
    throw fail(`must name the proxies by address or network, not everyone or a number of hops: any client that reaches the server directly could then choose the address it signs in from. Got ${JSON.stringify(text)}.`);
  }
  const entries = value.split(",").map((entry) => entry.trim());
  const wrong = entries.find((entry) => !isProxyEntry(entry));
  if (wrong !== undefined) {
    throw fail(`must be a comma-separated list of proxy addresses, networks (address/prefix) or loopback, linklocal, uniquelocal; ${JSON.stringify(wrong)} is none of these.`);
  }
  return entries.join(",");
}
