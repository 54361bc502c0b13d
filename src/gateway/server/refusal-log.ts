/**
 * Logs every refused handshake and authentication once, at info, with the reason, the certificate's
 * subject, issuer and serial and the client's address, so an operator can tell why a client was turned
 * away. A token bucket bounds the lines per second, so a flood of refusals can't fill the disk: what
 * it drops is counted, and the next line that is written says how many were dropped.
 */
import type { Logger } from "pino";
import type { AuthenticationEvent, GatewayEvents, HandshakeRefusal } from "./gateway-events.js";

/** The bucket: `burst` lines at once, refilled at `perSecond`. */
export interface RefusalLogLimits {
  burst: number;
  perSecond: number;
}

/** 50 lines at once, then 10 a second. */
export const DEFAULT_REFUSAL_LOG_LIMITS: RefusalLogLimits = { burst: 50, perSecond: 10 };

/** The refusal log as gateway events. */
export function refusalLog(log: Logger, limits: RefusalLogLimits = DEFAULT_REFUSAL_LOG_LIMITS, now: () => number = Date.now): Pick<GatewayEvents, "handshakeRefused" | "authentication"> {
  let tokens = limits.burst;
  let refilledAt = now();
  let suppressed = 0;
  const admit = (): number | undefined => {
    const t = now();
    tokens = Math.min(limits.burst, tokens + ((t - refilledAt) / 1000) * limits.perSecond);
    refilledAt = t;
    if (tokens < 1) {
      suppressed += 1;
      return undefined;
    }
    tokens -= 1;
    const dropped = suppressed;
    suppressed = 0;
    return dropped;
  };
  return {
    handshakeRefused(refusal: HandshakeRefusal) {
      const dropped = admit();
      if (dropped === undefined) return;
      log.info({ ...refusal, ...(dropped > 0 ? { suppressedBefore: dropped } : {}) }, "TLS handshake refused");
    },
    authentication(event: AuthenticationEvent) {
      if (event.ok || event.repeated === true) return;
      const dropped = admit();
      if (dropped === undefined) return;
      const { ok: _ok, user: _user, repeated: _repeated, ...fields } = event;
      log.info({ ...fields, ...(dropped > 0 ? { suppressedBefore: dropped } : {}) }, "X.509 authentication refused");
    },
  };
}
