/**
 * Atlas's list pages: `pageNum` (from 1), `itemsPerPage` (1..500, default 100), `includeCount`
 * (default true), answered as `{links, results, totalCount}`.
 */

/** What a list route was asked for, after validation. */
export interface PageRequest {
  pageNum: number;
  itemsPerPage: number;
  includeCount: boolean;
}

/** One link relation, as Atlas writes them. */
export interface Link {
  href: string;
  rel: string;
}

/** A page as Atlas answers it. */
export interface Page<T> {
  links: Link[];
  results: T[];
  totalCount?: number;
}

/** Default and maximum page sizes of the Atlas API. */
export const DEFAULT_ITEMS_PER_PAGE = 100;
export const MAX_ITEMS_PER_PAGE = 500;

/** The paging part of a validated querystring, with Atlas's defaults. */
export function pageRequestFrom(query: { pageNum?: number; itemsPerPage?: number; includeCount?: boolean }): PageRequest {
  return {
    pageNum: query.pageNum ?? 1,
    itemsPerPage: query.itemsPerPage ?? DEFAULT_ITEMS_PER_PAGE,
    includeCount: query.includeCount ?? true,
  };
}

/** The rows to skip for `page`. */
export function pageOffset(page: PageRequest): number {
  return (page.pageNum - 1) * page.itemsPerPage;
}

// Query parameters that only shape the response; they are not carried into the links, as Atlas doesn't.
const PRESENTATION_PARAMS = new Set(["pretty", "envelope", "pageNum", "itemsPerPage", "includeCount"]);

/**
 * Builds `{links, results, totalCount}` for one page.
 *
 * - `self` is always present; `previous` is omitted on the first page and `next` on the last.
 * - The query is written in the order the live Atlas API writes it: `self` ends
 *   `includeCount, pageNum, itemsPerPage`, the neighbours `includeCount, itemsPerPage, pageNum`.
 * - Filters the route understands (any other query parameter) are kept in front, so following
 *   `next` lists the same thing.
 */
export function buildPage<T>(params: {
  baseUrl: string;
  path: string;
  query: URLSearchParams;
  page: PageRequest;
  results: T[];
  /** Undefined when the list was not counted (`includeCount=false`); `hasNext` then decides the next link. */
  totalCount: number | undefined;
  hasNext?: boolean;
}): Page<T> {
  const { baseUrl, path, page, results, totalCount } = params;
  const filters = [...params.query.entries()].filter(([k]) => !PRESENTATION_PARAMS.has(k));
  const href = (pageNum: number, selfOrder: boolean): string => {
    const q = new URLSearchParams(filters);
    q.append("includeCount", String(page.includeCount));
    if (selfOrder) {
      q.append("pageNum", String(pageNum));
      q.append("itemsPerPage", String(page.itemsPerPage));
    } else {
      q.append("itemsPerPage", String(page.itemsPerPage));
      q.append("pageNum", String(pageNum));
    }
    return `${baseUrl}${path}?${q.toString()}`;
  };
  const links: Link[] = [{ href: href(page.pageNum, true), rel: "self" }];
  if (page.pageNum > 1) links.unshift({ href: href(page.pageNum - 1, false), rel: "previous" });
  const more = totalCount === undefined ? params.hasNext === true : pageOffset(page) + results.length < totalCount;
  if (more) links.push({ href: href(page.pageNum + 1, false), rel: "next" });
  const body: Page<T> = { links, results };
  if (page.includeCount && totalCount !== undefined) body.totalCount = totalCount;
  return body;
}
