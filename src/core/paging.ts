/** Atlas's list paging: `pageNum` from 1 (default 1), `itemsPerPage` 1..500 (default 100). */
import { CoreError } from "./core-error.js";
import type { Page, PageRequest } from "./types.js";

/** Atlas's largest page. */
export const MAX_ITEMS_PER_PAGE = 500;
/** Atlas's default page size. */
export const DEFAULT_ITEMS_PER_PAGE = 100;

/** A validated page request, as a row window. */
export interface PageWindow {
  pageNum: number;
  itemsPerPage: number;
  offset: number;
  limit: number;
  /** False: the list is not counted (Atlas's `includeCount=false`). */
  includeCount: boolean;
}

/** Validates `pageNum` and `itemsPerPage` (INVALID_QUERY_PARAMETER when out of range) and computes the window. */
export function parsePageRequest(request: PageRequest = {}): PageWindow {
  const pageNum = request.pageNum ?? 1;
  const itemsPerPage = request.itemsPerPage ?? DEFAULT_ITEMS_PER_PAGE;
  if (!Number.isSafeInteger(pageNum) || pageNum < 1) {
    throw new CoreError("INVALID_QUERY_PARAMETER", `pageNum must be an integer of at least 1, got ${String(pageNum)}.`, ["pageNum"]);
  }
  if (!Number.isSafeInteger(itemsPerPage) || itemsPerPage < 1 || itemsPerPage > MAX_ITEMS_PER_PAGE) {
    throw new CoreError(
      "INVALID_QUERY_PARAMETER",
      `itemsPerPage must be an integer from 1 to ${MAX_ITEMS_PER_PAGE}, got ${String(itemsPerPage)}.`,
      ["itemsPerPage"],
    );
  }
  return { pageNum, itemsPerPage, offset: (pageNum - 1) * itemsPerPage, limit: itemsPerPage, includeCount: request.includeCount !== false };
}

/** A page read from the store (see store/repos/row-page.ts) as the core answers it, each row mapped by `map`. */
export function pageOfRows<R, T>(listed: { rows: readonly R[]; totalCount?: number; hasNext?: boolean }, map: (row: R) => T): Page<T> {
  return {
    results: listed.rows.map(map),
    ...(listed.totalCount === undefined ? {} : { totalCount: listed.totalCount }),
    ...(listed.hasNext === undefined ? {} : { hasNext: listed.hasNext }),
  };
}

/** Cuts one page out of an in-memory list. */
export function paginate<T>(items: readonly T[], request: PageRequest = {}): Page<T> {
  const { offset, limit } = parsePageRequest(request);
  return { results: items.slice(offset, offset + limit), totalCount: items.length };
}
