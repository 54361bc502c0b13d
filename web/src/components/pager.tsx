/** "Showing 101–200 of 612" with Previous and Next, for a list the server pages. */
export function Pager(props: { pageNum: number; itemsPerPage: number; totalCount: number; what: string; onPage: (pageNum: number) => void }) {
  const { pageNum, itemsPerPage, totalCount } = props;
  const pages = Math.max(1, Math.ceil(totalCount / itemsPerPage));
  const first = totalCount === 0 ? 0 : (pageNum - 1) * itemsPerPage + 1;
  const last = Math.min(totalCount, pageNum * itemsPerPage);
  return (
    <nav className="pager" aria-label={`Pages of ${props.what}`}>
      <span className="muted" role="status">
        Showing {first}–{last} of {totalCount} {props.what}
      </span>
      <button type="button" className="button button-small" disabled={pageNum <= 1} onClick={() => props.onPage(pageNum - 1)}>
        Previous
      </button>
      <span className="muted">
        Page {pageNum} of {pages}
      </span>
      <button type="button" className="button button-small" disabled={pageNum >= pages} onClick={() => props.onPage(pageNum + 1)}>
        Next
      </button>
    </nav>
  );
}
