import type { FastifyRequest } from "fastify";
import type { Core, Page as CorePage } from "../../core/index.js";
import { buildPage, pageRequestFrom, type Link, type Page, type PageRequest } from "../pagination.js";
import { requestBaseUrl } from "../request-context.js";

/** What every route family is built with. */
export interface RouteContext {
  core: Core;
  /** The prefix the routes are mounted under, e.g. `/api/atlas/v1.0`. */
  prefix: string;
  /** Base URL for links when the server sits behind a proxy; else taken from the request. */
  publicBaseUrl: string | undefined;
}

/** Querystring shape of paginated list routes after validation. */
export interface ListQuery {
  pageNum?: number;
  itemsPerPage?: number;
  includeCount?: boolean;
}

/** The page a list route was asked for, from its validated querystring. */
export function pageOf(request: { query: ListQuery }): PageRequest {
  return pageRequestFrom(request.query);
}

/** Turns one page from the core into Atlas's `{links, results, totalCount}`. */
export function pageResponse<T, R>(
  ctx: RouteContext,
  request: FastifyRequest,
  page: PageRequest,
  corePage: CorePage<T>,
  render: (item: T) => R,
): Page<R> {
  const q = request.url.indexOf("?");
  return buildPage({
    baseUrl: requestBaseUrl(request, ctx.publicBaseUrl),
    path: q < 0 ? request.url : request.url.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : request.url.slice(q + 1)),
    page,
    results: corePage.results.map(render),
    totalCount: corePage.totalCount,
    ...(corePage.hasNext === undefined ? {} : { hasNext: corePage.hasNext }),
  });
}

/** A `self` link to `path` (below the API prefix). */
export function selfLink(ctx: RouteContext, request: FastifyRequest, path: string): Link[] {
  return [{ href: `${requestBaseUrl(request, ctx.publicBaseUrl)}${ctx.prefix}${path}`, rel: "self" }];
}

/**
 * Escapes a path segment the way Atlas's links show user names: DN punctuation (`$ = , @ :`) stays
 * readable, while characters that would change the URL's structure (`/ ? # %` and spaces) are escaped.
 */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(24|3D|2C|40|3A)/gi, (m) => decodeURIComponent(m));
}
