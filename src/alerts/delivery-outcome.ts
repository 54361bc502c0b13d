/** What one delivery attempt came to. */
export type DeliveryOutcome = { ok: true } | { ok: false; error: string; retryable: boolean };

/** A failure worth retrying later (network trouble, 5xx, 408, 429, SMTP 4xx). */
export function transient(error: string): DeliveryOutcome {
  return { ok: false, error, retryable: true };
}

/** A failure retrying cannot fix (refused by the receiver, nothing to send to). */
export function permanent(error: string): DeliveryOutcome {
  return { ok: false, error, retryable: false };
}
