/**
 * Resolves on a later turn of the event loop, after pending I/O callbacks have run.
 *
 * A loop over pages of a synchronous store (better-sqlite3) never yields by awaiting its queries:
 * their promises settle as microtasks, so the whole loop runs in one turn. Awaiting this between pages
 * lets requests and connections be served in between.
 */
export function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
