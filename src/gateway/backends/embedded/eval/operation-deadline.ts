import { BackendError } from "../../backend-error.js";

/**
 * The deadline of the operation running on this thread, checked cooperatively by the loops that read
 * and evaluate documents (every scan, lookup load and pipeline input), as mongod's operations check for
 * interruption between units of work. Commands run one at a time to completion on a thread, so one
 * deadline per thread is enough. A single step that never returns to a check (one regular expression
 * backtracking on one long string) is stopped from outside instead: see `worker/worker-backend.ts`.
 */
let deadline = Number.POSITIVE_INFINITY;

/** mongod's MaxTimeMSExpired (50) reply text. */
export function maxTimeExpired(): BackendError {
  return new BackendError("MaxTimeMSExpired", "operation exceeded time limit");
}

/** Runs `fn` with the given deadline (epoch ms; undefined: none), restoring the previous one after. */
export function withOperationDeadline<T>(until: number | undefined, fn: () => T): T {
  const previous = deadline;
  deadline = until ?? Number.POSITIVE_INFINITY;
  try {
    if (Date.now() > deadline) throw maxTimeExpired();
    return fn();
  } finally {
    deadline = previous;
  }
}

/** Throws MaxTimeMSExpired once the running operation is past its deadline (one clock read, ~30 ns). */
export function checkForInterrupt(): void {
  if (deadline !== Number.POSITIVE_INFINITY && Date.now() > deadline) throw maxTimeExpired();
}
