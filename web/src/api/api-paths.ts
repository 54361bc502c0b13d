/** Where the Admin API lives; the UI uses v1.0, as the CLI does. */
export const ATLAS_API_BASE = "/api/atlas/v1.0";

/** Builds an Admin API path from segments, percent-encoding each (user names are DNs with `=` and `,`). */
export function atlasPath(...segments: string[]): string {
  return `${ATLAS_API_BASE}/${segments.map((s) => encodeURIComponent(s)).join("/")}`;
}

/** The largest page the Admin API serves; the UI's lists are small enough to fit one page. */
export const ALL_ITEMS = { itemsPerPage: 500 } as const;
