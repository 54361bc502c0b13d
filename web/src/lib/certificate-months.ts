/** Months until expiration a managed certificate may have: 1 to 24, as Atlas allows. */
export const CERTIFICATE_MONTHS: readonly number[] = Array.from({ length: 24 }, (_, i) => i + 1);

/** Atlas's default validity of a managed certificate. */
export const DEFAULT_CERTIFICATE_MONTHS = 3;
