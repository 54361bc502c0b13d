/**
 * After a revocation, the project's new CRL is built ahead of the first request for it, but only once
 * every consumer of revocations in this process (a gateway) has applied the change, and a quiet moment
 * later: building and signing a large CRL competes for the event loop, and the revocation reaching the
 * clients comes first (the gateway closes the revoked connections; a driver then tries to reconnect
 * and is refused, which takes a TLS handshake). A burst of revocations builds once, after the last.
 * A request that comes earlier builds the CRL itself, so nothing waits for this.
 */
import type { ChangeNotifier } from "./change-notifier.js";

/** Resolves once the consumer has applied the project's latest committed change. */
export type RevocationsApplied = (projectId: string) => Promise<void>;

/** How long after the consumers applied a revocation the build starts (restarted by each later one). */
export const CRL_PREBUILD_DELAY_MS = 1000;

/** Starts `build(projectId)` after every revocation, once every registered consumer has applied it. */
export class CrlPrebuild {
  readonly #consumers = new Set<RevocationsApplied>();
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(notifier: ChangeNotifier, build: (projectId: string) => Promise<unknown>, delayMs = CRL_PREBUILD_DELAY_MS) {
    notifier.subscribe((event) => {
      if (event.revocationVersion === undefined) return;
      const { projectId } = event;
      // A microtask later: the consumers hear of the change in this same emit, after this listener.
      void Promise.resolve()
        .then(() => Promise.allSettled([...this.#consumers].map((applied) => applied(projectId))))
        .then(() => {
          clearTimeout(this.#timers.get(projectId));
          const timer = setTimeout(() => {
            this.#timers.delete(projectId);
            build(projectId).catch(() => undefined);
          }, delayMs);
          timer.unref();
          this.#timers.set(projectId, timer);
        });
    });
  }

  /** Registers a consumer; returns the function that removes it. */
  addConsumer(applied: RevocationsApplied): () => void {
    this.#consumers.add(applied);
    return () => this.#consumers.delete(applied);
  }
}
