import { BackendError } from "../../backend-error.js";

/**
 * The deadline of the operation running on this thread, checked cooperatively by the loops that read
 * and evaluate documents (every scan, lookup load and pipeline input), as mongod's operations check for
 * interruption between units of work. Commands run one at a time to completion on a thread, so one
 * deadline per thread is enough. A single step that never returns to a check (one regular expression
 * backtracking on one long string) is stopped from outside instead: see `worker/worker-backend.ts`.
 *
 * The same checks tell the thread's owner, once per operation, that the operation has run longer than
 * {@link watchLongOperations} said is long (the worker then lowers its own scheduling priority).
 */
let deadline = Number.POSITIVE_INFINITY;
/** When the running operation becomes long (epoch ms); infinite once reported, or with no watcher. */
let longAt = Number.POSITIVE_INFINITY;
/** The earlier of the two: the only value a check compares the clock with. */
let nextEvent = Number.POSITIVE_INFINITY;
let longWatcher: { readonly afterMs: number; readonly onLong: () => void } | undefined;

/** mongod's MaxTimeMSExpired (50) reply text. */
export function maxTimeExpired(): BackendError {
  return new BackendError("MaxTimeMSExpired", "operation exceeded time limit");
}

/** From now on, `onLong` runs once in each operation that is still running `afterMs` after it began. */
export function watchLongOperations(afterMs: number, onLong: () => void): void {
  longWatcher = { afterMs, onLong };
}

/** Runs `fn` with the given deadline (epoch ms; undefined: none), restoring the previous one after. */
export function withOperationDeadline<T>(until: number | undefined, fn: () => T): T {
  const previous = { deadline, longAt };
  const now = Date.now();
  deadline = until ?? Number.POSITIVE_INFINITY;
  longAt = longWatcher === undefined ? Number.POSITIVE_INFINITY : now + longWatcher.afterMs;
  nextEvent = Math.min(deadline, longAt);
  try {
    if (now > deadline) throw maxTimeExpired();
    return fn();
  } finally {
    ({ deadline, longAt } = previous);
    nextEvent = Math.min(deadline, longAt);
  }
}

/** Throws MaxTimeMSExpired once the running operation is past its deadline (one clock read, ~30 ns). */
export function checkForInterrupt(): void {
  if (nextEvent === Number.POSITIVE_INFINITY) return;
  const now = Date.now();
  if (now <= nextEvent) return;
  if (now > deadline) throw maxTimeExpired();
  longAt = Number.POSITIVE_INFINITY;
  nextEvent = deadline;
  longWatcher?.onLong();
}
