/**
 * Change notifications, emitted after a change has been committed.
 *
 * In one process the emitter is enough. With several instances (API and gateways on PostgreSQL), every
 * change also bumps the project's row in `change_counters` inside its transaction; a gateway polls those
 * counters (one small query, e.g. every 500 ms) and reloads a project whose counter moved, which meets
 * the one-second promise without any broker. PostgreSQL's LISTEN/NOTIFY could replace the polling later.
 */
import { EventEmitter } from "node:events";
import type { ChangeEvent } from "./types.js";

/** Fan-out of committed changes to in-process listeners. */
export class ChangeNotifier {
  readonly #emitter = new EventEmitter();

  constructor() {
    // Each gateway listener and cache subscribes; the default cap of 10 would only produce a warning.
    this.#emitter.setMaxListeners(0);
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.#emitter.on("change", listener);
    return () => this.#emitter.off("change", listener);
  }

  /** Tells every listener; a listener that throws does not stop the others or the caller. */
  emit(event: ChangeEvent): void {
    for (const listener of this.#emitter.listeners("change") as ((event: ChangeEvent) => void)[]) {
      try {
        listener(event);
      } catch {
        // A broken listener must not turn a committed change into a failed request.
      }
    }
  }
}
