/** How long an alert can be acknowledged for from the web UI, as Atlas's UI offers it. */
export const ACKNOWLEDGE_DURATIONS = ["1h", "4h", "24h", "7d", "resolved"] as const;

/** One of `ACKNOWLEDGE_DURATIONS`. */
export type AcknowledgeDuration = (typeof ACKNOWLEDGE_DURATIONS)[number];

/** Atlas documents "forever" as an acknowledgement 100 years ahead; the API has no other way to say it. */
export const FOREVER_YEARS = 100;

const HOUR_MS = 3_600_000;

const DURATION_MS: Record<Exclude<AcknowledgeDuration, "resolved">, number> = {
  "1h": HOUR_MS,
  "4h": 4 * HOUR_MS,
  "24h": 24 * HOUR_MS,
  "7d": 7 * 24 * HOUR_MS,
};

const LABELS: Record<AcknowledgeDuration, string> = {
  "1h": "1 hour",
  "4h": "4 hours",
  "24h": "24 hours",
  "7d": "7 days",
  resolved: "Until it is resolved",
};

/** The choice as the dialog shows it. */
export function acknowledgeDurationLabel(duration: AcknowledgeDuration): string {
  return LABELS[duration];
}

/** The `acknowledgedUntil` a choice means, counted from `now`. */
export function acknowledgedUntilFor(duration: AcknowledgeDuration, now: Date = new Date()): Date {
  if (duration === "resolved") {
    const until = new Date(now);
    until.setUTCFullYear(until.getUTCFullYear() + FOREVER_YEARS);
    return until;
  }
  return new Date(now.getTime() + DURATION_MS[duration]);
}

/**
 * Whether an acknowledgement reaches so far ahead that it was meant as "until resolved": more than
 * half of Atlas's 100 years, so one made by the CLI's `--forever` or any Atlas client reads the same.
 */
export function isUntilResolved(acknowledgedUntil: string, now: Date = new Date()): boolean {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + FOREVER_YEARS / 2);
  return new Date(acknowledgedUntil).getTime() > horizon.getTime();
}

/** Whether the alert is acknowledged now: an acknowledgement that has run out no longer silences it. */
export function isAcknowledged(acknowledgedUntil: string | undefined, now: Date = new Date()): acknowledgedUntil is string {
  return acknowledgedUntil !== undefined && new Date(acknowledgedUntil).getTime() > now.getTime();
}
