/**
 * After a revocation, the project's new CRL is built ahead of the first request for it, but only once
 * every consumer of revocations in this process (a gateway) has applied the change: building and signing
 * a large CRL competes for the event loop, and the revocation reaching open connections comes first.
 */
import type { ChangeNotifier } from "./change-notifier.js";

/** Resolves once the consumer has applied the project's latest committed change. */
export type RevocationsApplied = (projectId: string) => Promise<void>;

/** Starts `build(projectId)` after every revocation, once every registered consumer has applied it. */
export class CrlPrebuild {
  readonly #consumers = new Set<RevocationsApplied>();

  constructor(notifier: ChangeNotifier, build: (projectId: string) => Promise<unknown>) {
    notifier.subscribe((event) => {
      if (event.revocationVersion === undefined) return;
      // A microtask later: the consumers hear of the change in this same emit, after this listener.
      void Promise.resolve()
        .then(() => Promise.allSettled([...this.#consumers].map((applied) => applied(event.projectId))))
        .then(() => build(event.projectId))
        .catch(() => undefined);
    });
  }

  /** Registers a consumer; returns the function that removes it. */
  addConsumer(applied: RevocationsApplied): () => void {
    this.#consumers.add(applied);
    return () => this.#consumers.delete(applied);
  }
}
