import { daysLeftText, wholeDaysLeft } from "../../../src/shared/days-left.js";

/** A timestamp as the person reads it: date and time in UTC, e.g. `2026-11-26 01:31 UTC`. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Whole days from now until `iso`, rounded down as everywhere in certgate (negative once past). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return wholeDaysLeft(iso, now);
}

export { daysLeftText };
