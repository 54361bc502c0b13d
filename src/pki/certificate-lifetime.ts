/**
 * How long a user certificate lives: Atlas's whole calendar months, or (certgate extension) an exact
 * duration written in ISO 8601 (`PT8H`, `P2D`, `P1DT12H`, `PT30M`, `P1W`) for short-lived certificates.
 */
import { PkiError } from "./pki-error.js";

/** Atlas's calendar months, or an exact number of milliseconds. */
export type CertificateLifetime = { readonly months: number } | { readonly durationMs: number };

/** The shortest lifetime certgate signs: shorter would expire before most clients finish connecting. */
export const MIN_DURATION_MS = 5 * 60 * 1000;

const UNIT_MS = { W: 7 * 86_400_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration made of weeks, days, hours, minutes and seconds. Years and
 * months are refused (their length depends on the date; `monthsUntilExpiration` is for those).
 * Returns undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim().toUpperCase());
  if (match === null || text.trim().toUpperCase().endsWith("T") || text.trim().length < 3) return undefined;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const ms =
    (weeks as number) * UNIT_MS.W +
    (days as number) * UNIT_MS.D +
    (hours as number) * UNIT_MS.H +
    (minutes as number) * UNIT_MS.M +
    (seconds as number) * UNIT_MS.S;
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** A duration as the shortest ISO 8601 text of days, hours, minutes and seconds (`P1DT12H`, `PT8H`). */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  const text = `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
  return text === "P" ? "PT0S" : text;
}

/** Checks a duration lifetime against the minimum. */
export function checkDurationMs(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms < MIN_DURATION_MS) {
    throw new PkiError("INVALID_ARGUMENT", `a certificate must live at least ${formatDuration(MIN_DURATION_MS)}, got ${formatDuration(ms)}`);
  }
  return ms;
}
