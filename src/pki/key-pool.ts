/**
 * A bounded pool of pre-generated key pairs, so issuing an RSA-4096 certificate costs one signature
 * instead of a key generation (hundreds of milliseconds).
 *
 * 1. One queue per algorithm, each with its own target size; a target of 0 disables pooling for it.
 * 2. Refills run in the background, at most `concurrency` generations at a time, each off the event
 *    loop (see `generateKey`), so a refill never delays requests.
 * 3. Keys stay in memory only and are dropped on `close()`.
 * 4. `take()` never waits for the pool: an empty queue generates a key on the spot (a miss).
 * 5. Refilling can be batched: with `refillBelow` under 1, a queue is left alone until its ready keys
 *    drop below that fraction of its size and is then filled up again, so a burst of issues is not
 *    slowed by generations competing for the same cores.
 * 6. Refilling can wait: with `refillDelayMs`, a refill after a hit starts that long after the take,
 *    so the generation does not compete for the cores with the request that took the key (its CA
 *    signature and answer). A miss refills at once.
 */
import { KEY_ALGORITHMS, type KeyAlgorithm } from "./key-algorithms.js";
import { generateKey, type GeneratedKey } from "./key-generation.js";
import { PkiError } from "./pki-error.js";

/** How to size and run a {@link KeyPool}. */
export interface KeyPoolOptions {
  /** Keys to hold ready per algorithm. Missing or 0: that algorithm is not pooled. */
  sizes: Partial<Record<KeyAlgorithm, number>>;
  /** Background generations allowed at once; default 1, so refills leave threadpool room for requests. */
  concurrency?: number;
  /** Wait after a failed background generation before trying again; default 1000 ms. */
  retryDelayMs?: number;
  /**
   * Fraction of its size below which a queue starts refilling (then fills up completely); default 1,
   * i.e. top up after every take. Must be in (0, 1].
   */
  refillBelow?: number;
  /** Wait after a take served from the pool before refilling; default 0 (at once). */
  refillDelayMs?: number;
}

/** Counters for one algorithm. */
export interface KeyPoolAlgorithmStats {
  /** Target size. */
  size: number;
  /** Keys ready now. */
  ready: number;
  /** `take()` calls served from the pool. */
  hits: number;
  /** `take()` calls that had to generate a key on the spot. */
  misses: number;
}

/** A snapshot of the pool's counters, for metrics. */
export interface KeyPoolStats {
  algorithms: Record<KeyAlgorithm, KeyPoolAlgorithmStats>;
  /** Background generations running now. */
  inFlight: number;
  /** Background generations that failed. */
  failures: number;
  closed: boolean;
}

interface Queue {
  size: number;
  keys: GeneratedKey[];
  inFlight: number;
  hits: number;
  misses: number;
  /** True from the moment a refill starts until the queue is full again. */
  refilling: boolean;
}

/** See the module comment. */
export class KeyPool {
  readonly #queues: Record<KeyAlgorithm, Queue>;
  readonly #concurrency: number;
  readonly #retryDelayMs: number;
  readonly #refillBelow: number;
  readonly #refillDelayMs: number;
  #refillTimer: NodeJS.Timeout | undefined;
  readonly #running = new Set<Promise<void>>();
  #inFlight = 0;
  #failures = 0;
  #closed = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #fullWaiters: (() => void)[] = [];

  /** Starts filling at once. */
  constructor(options: KeyPoolOptions) {
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new PkiError("INVALID_ARGUMENT", `key pool concurrency must be a positive integer, got ${concurrency}`);
    }
    this.#concurrency = concurrency;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    const refillBelow = options.refillBelow ?? 1;
    if (!(refillBelow > 0 && refillBelow <= 1)) {
      throw new PkiError("INVALID_ARGUMENT", `key pool refillBelow must be in (0, 1], got ${refillBelow}`);
    }
    this.#refillBelow = refillBelow;
    const refillDelayMs = options.refillDelayMs ?? 0;
    if (!(Number.isFinite(refillDelayMs) && refillDelayMs >= 0)) {
      throw new PkiError("INVALID_ARGUMENT", `key pool refillDelayMs must be a non-negative number, got ${refillDelayMs}`);
    }
    this.#refillDelayMs = refillDelayMs;
    const queues = {} as Record<KeyAlgorithm, Queue>;
    for (const algorithm of KEY_ALGORITHMS) {
      const size = options.sizes[algorithm] ?? 0;
      if (!Number.isInteger(size) || size < 0) {
        throw new PkiError("INVALID_ARGUMENT", `key pool size for ${algorithm} must be a non-negative integer, got ${size}`);
      }
      queues[algorithm] = { size, keys: [], inFlight: 0, hits: 0, misses: 0, refilling: size > 0 };
    }
    this.#queues = queues;
    this.#pump();
  }

  /** Returns a pooled key of `algorithm` if one is ready, else generates one now. */
  async take(algorithm: KeyAlgorithm): Promise<GeneratedKey> {
    const queue = this.#queues[algorithm];
    const key = queue.keys.shift();
    if (key) {
      queue.hits += 1;
      this.#pumpLater();
      return key;
    }
    queue.misses += 1;
    this.#pump();
    return generateKey(algorithm);
  }

  /**
   * Resolves once no refill is due: every queue is full, or (with `refillBelow` under 1) has not yet
   * dropped below its refill mark. Also resolves when the pool is closed.
   */
  whenFull(): Promise<void> {
    if (this.#closed || this.#isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.#fullWaiters.push(resolve));
  }

  /** A snapshot of the counters. */
  stats(): KeyPoolStats {
    const algorithms = {} as Record<KeyAlgorithm, KeyPoolAlgorithmStats>;
    for (const algorithm of KEY_ALGORITHMS) {
      const { size, keys, hits, misses } = this.#queues[algorithm];
      algorithms[algorithm] = { size, ready: keys.length, hits, misses };
    }
    return { algorithms, inFlight: this.#inFlight, failures: this.#failures, closed: this.#closed };
  }

  /** Stops refilling, drops every pooled key and waits for running generations to finish. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#refillTimer) clearTimeout(this.#refillTimer);
    for (const algorithm of KEY_ALGORITHMS) this.#queues[algorithm].keys.length = 0;
    this.#releaseFullWaiters();
    await Promise.all([...this.#running]);
  }

  #isSettled(): boolean {
    return KEY_ALGORITHMS.every((algorithm) => {
      const queue = this.#queues[algorithm];
      this.#updateRefilling(queue);
      return !queue.refilling && queue.inFlight === 0;
    });
  }

  #releaseFullWaiters(): void {
    const waiters = this.#fullWaiters;
    this.#fullWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Starts a queue's refill when it drops below its mark and ends it when the queue is full. */
  #updateRefilling(queue: Queue): void {
    const have = queue.keys.length + queue.inFlight;
    if (have >= queue.size) queue.refilling = false;
    else if (have < queue.size * this.#refillBelow) queue.refilling = true;
  }

  /** The refilling algorithm furthest below its target, counting keys already being generated. */
  #neediest(): KeyAlgorithm | undefined {
    let best: KeyAlgorithm | undefined;
    let bestFill = 1;
    for (const algorithm of KEY_ALGORITHMS) {
      const queue = this.#queues[algorithm];
      if (queue.size === 0) continue;
      this.#updateRefilling(queue);
      const fill = (queue.keys.length + queue.inFlight) / queue.size;
      if (queue.refilling && fill < bestFill) {
        best = algorithm;
        bestFill = fill;
      }
    }
    return best;
  }

  /** Refills after `refillDelayMs`; takes during the wait join the same refill. */
  #pumpLater(): void {
    if (this.#refillDelayMs === 0) {
      this.#pump();
      return;
    }
    if (this.#closed || this.#refillTimer) return;
    this.#refillTimer = setTimeout(() => {
      this.#refillTimer = undefined;
      this.#pump();
    }, this.#refillDelayMs);
  }

  #pump(): void {
    if (this.#closed || this.#retryTimer) return;
    while (this.#inFlight < this.#concurrency) {
      const algorithm = this.#neediest();
      if (!algorithm) break;
      this.#startOne(algorithm);
    }
  }

  #startOne(algorithm: KeyAlgorithm): void {
    const queue = this.#queues[algorithm];
    queue.inFlight += 1;
    this.#inFlight += 1;
    const running = generateKey(algorithm).then(
      (key) => {
        if (!this.#closed) queue.keys.push(key);
      },
      () => {
        this.#failures += 1;
        this.#scheduleRetry();
      },
    ).finally(() => {
      queue.inFlight -= 1;
      this.#inFlight -= 1;
      this.#running.delete(running);
      if (this.#isSettled()) this.#releaseFullWaiters();
      this.#pump();
    });
    this.#running.add(running);
  }

  #scheduleRetry(): void {
    if (this.#closed || this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#pump();
    }, this.#retryDelayMs);
    this.#retryTimer.unref();
  }
}
