/**
 * Calendar-month arithmetic for certificate lifetimes.
 */

/**
 * Adds whole calendar months in UTC, keeping the time of day. When the target month is shorter than
 * the starting day (Jan 31 + 1 month), the result is the last day of the target month (Feb 28 or 29)
 * rather than spilling into the month after, so a "1 month" certificate never lives into a third
 * calendar month.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDayOfTarget = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(from.getUTCDate(), lastDayOfTarget);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      from.getUTCHours(),
      from.getUTCMinutes(),
      from.getUTCSeconds(),
      from.getUTCMilliseconds(),
    ),
  );
}
