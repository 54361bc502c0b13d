/** One page of a list read from the store, counted or not (Atlas's `includeCount`). */

/** Which rows to read, and whether to count the whole list. */
export interface RowWindow {
  offset: number;
  limit: number;
  /** False: the list is not counted; one row more is read instead, to tell whether a next page exists. */
  includeCount?: boolean;
}

/** A page of rows: with the list's size when counted, else whether rows follow. */
export interface RowPage<R> {
  rows: R[];
  totalCount?: number;
  hasNext?: boolean;
}

/**
 * Reads the page `window` of a list: `read(offset, limit)` returns rows in list order, `count()` the
 * list's size, which is asked only when the window counts (a count reads every row of the list).
 */
export async function readRowPage<R>(window: RowWindow, read: (offset: number, limit: number) => Promise<R[]>, count: () => Promise<number>): Promise<RowPage<R>> {
  if (window.includeCount !== false) {
    const rows = await read(window.offset, window.limit);
    return { rows, totalCount: await count() };
  }
  const rows = await read(window.offset, window.limit + 1);
  return { rows: rows.slice(0, window.limit), hasNext: rows.length > window.limit };
}
