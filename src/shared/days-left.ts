/**
 * Days before an expiry, counted one way everywhere (Admin API, CLI, web UI, alert notifications):
 * whole days left, rounded down, so 19 days and 23 hours is "19 days" wherever it is shown.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `expiresAt`, rounded down; negative once it has passed. */
export function wholeDaysLeft(expiresAt: Date | string, now: Date): number {
  const at = typeof expiresAt === "string" ? Date.parse(expiresAt) : expiresAt.getTime();
  return Math.floor((at - now.getTime()) / DAY_MS);
}

/** `19 days`, `1 day`, or `less than a day` for what {@link wholeDaysLeft} counts as 0. */
export function daysLeftText(days: number): string {
  if (days <= 0) return "less than a day";
  return days === 1 ? "1 day" : `${days} days`;
}
