/**
 * When a renewing client renews: at two thirds of the certificate's lifetime, less a random jitter of
 * up to a twentieth of the lifetime (so that many clients issued together do not renew together), or,
 * with `expiresIn`, once less than that much time is left. Never earlier than `minDelayMs` from now.
 */

/** The validity window of a certificate. */
export interface ValidityWindow {
  notBefore: number;
  notAfter: number;
}

/** Milliseconds from `now` until the renewal is due (0: now). `random` is in [0, 1). */
export function renewalDelayMs(window: ValidityWindow, now: number, options: { expiresInMs?: number; random: number }): number {
  const lifetime = window.notAfter - window.notBefore;
  const due =
    options.expiresInMs !== undefined
      ? window.notAfter - options.expiresInMs
      : window.notBefore + (2 / 3) * lifetime - options.random * (lifetime / 20);
  return Math.max(0, Math.round(due - now));
}
