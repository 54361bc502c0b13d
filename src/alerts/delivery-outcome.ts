/**
 * What one delivery attempt came to. A failure has two texts: `error`, the reason in words that every
 * reader of the project sees on the alert (no server addresses or replies), and `detail`, which names
 * the server and quotes its reply for the operators, in the server log only.
 */
export type DeliveryOutcome = { ok: true } | { ok: false; error: string; detail: string; retryable: boolean };

/** A failure worth retrying later (network trouble, 5xx, 408, 429, SMTP 4xx). */
export function transient(error: string, detail = error): DeliveryOutcome {
  return { ok: false, error, detail, retryable: true };
}

/** A failure retrying cannot fix (refused by the receiver, nothing to send to). */
export function permanent(error: string, detail = error): DeliveryOutcome {
  return { ok: false, error, detail, retryable: false };
}
