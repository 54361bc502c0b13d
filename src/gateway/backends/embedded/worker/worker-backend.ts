/**
 * WorkerBackend runs an embedded cluster's commands on a worker thread of its own, so that no query,
 * update or aggregation of one tenant can hold up the thread that serves the Admin API, the web UI, the
 * alert worker and every other cluster's connections.
 *
 * Time: every operation gets a deadline (its `maxTimeMS`, capped by the server-wide limit). The worker
 * checks it between documents and answers MaxTimeMSExpired (50). A step that never comes back to a
 * check (a regular expression backtracking on one string, one huge in-memory stage) is stopped from
 * here: once the operation is past its deadline plus a grace period, the worker is terminated (its heap
 * goes with it), the operation is answered MaxTimeMSExpired, and a new worker takes over the file.
 * Memory: the worker's heap is capped; an operation that exhausts it is answered ExceededMemoryLimit
 * (146) the same way.
 *
 * What a stopped worker takes with it: its open cursors (later getMores answer CursorNotFound, as after a
 * mongod restart). What it does not: the other operations it had been sent and not answered. Their
 * writes were not committed (a condemned worker refuses to commit, see `worker-protocol.ts`), so they are
 * sent again, in order, to the new worker.
 */
import { Worker } from "node:worker_threads";
import { serialize, type Document } from "bson";
import { EncodedBody } from "../../../wire/index.js";
import { BackendError } from "../../backend-error.js";
import type { Backend, RunCommandParams } from "../../backend.js";
import { EncodedReply, replyDocument, type BackendReply, type ReplySummary } from "../../encoded-reply.js";
import { errorReply } from "../../error-reply.js";
import { maxTimeExpired } from "../eval/operation-deadline.js";
import { LongOperationDemotion } from "./long-operation-demotion.js";
import { allowedRunTimeMs } from "./max-time.js";
import { WORKER_STATE, type FromWorker, type OperationRequest, type ToWorker, type WorkerStart } from "./worker-protocol.js";

/** Options of {@link WorkerBackend.open}. */
export interface WorkerBackendOptions {
  /** The cluster's SQLite file. */
  readonly path: string;
  /** The longest any operation may run, and the limit of those that set no `maxTimeMS`. */
  readonly maxTimeMs: number;
  /** Heap limit of the worker (V8 old generation), in MiB. */
  readonly memoryLimitMb: number;
  /**
   * How many nice steps below the calling thread the worker thread runs (0: the same priority), so that
   * a busy worker yields the CPU to the thread serving everyone else. Linux only; ignored elsewhere.
   */
  readonly niceSteps?: number;
  /**
   * An operation still running after this many ms (give or take as much again) drops the worker to the
   * lowest priority (nice 19) until it is answered: see `long-operation-demotion.ts` (0 or unset: never).
   * Linux only.
   */
  readonly longOperationMs?: number;
  /** Retryable-write records kept per user (the embedded backend's default when unset). */
  readonly retryRecordsPerUser?: number;
  /** Bytes of retryable-write replies kept per user (the embedded backend's default when unset). */
  readonly retryRecordBytesPerUser?: number;
  /** How long past its deadline an operation may keep the worker before the worker is stopped. */
  readonly stopGraceMs?: number;
  /** Errors the worker answered with InternalError. */
  readonly onInternalError?: (err: Error, command: string) => void;
  /** A worker was stopped or died; `reason` says why. */
  readonly onWorkerRestart?: (reason: string) => void;
}

interface Pending {
  readonly request: OperationRequest;
  readonly resolve: (reply: BackendReply) => void;
  readonly reject: (err: Error) => void;
}

const DEFAULT_STOP_GRACE_MS = 100;

/** Replies from this size on are handed to the gateway one per event-loop turn (see `#received`). */
const LARGE_REPLY_BYTES = 256 * 1024;

/** The worker's entry file, beside this one once compiled. */
const WORKER_FILE = new URL("./embedded-worker.js", import.meta.url);

export class WorkerBackend implements Backend {
  readonly #options: WorkerBackendOptions;
  readonly #stopGraceMs: number;
  /** Operations sent or waiting to be sent, in the order they were received. */
  readonly #pending = new Map<number, Pending>();
  /** Ids of operations not yet handed to the current worker. */
  #unsent: number[] = [];
  /** Large replies received and not yet handed on, oldest first. */
  readonly #largeReplies: Array<{ readonly pending: Pending; readonly reply: EncodedReply }> = [];
  #worker: Worker | undefined;
  #state = new Int32Array(new SharedArrayBuffer(4));
  #ready = false;
  #readyPromise: Promise<void> = Promise.resolve();
  #sendScheduled = false;
  #watchdog: NodeJS.Timeout | undefined;
  #watchdogDue = 0;
  #lastId = 0;
  #closed = false;
  #restarts = 0;
  readonly #demotion: LongOperationDemotion;

  private constructor(options: WorkerBackendOptions) {
    this.#options = options;
    this.#stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    this.#demotion = new LongOperationDemotion(options.longOperationMs ?? 0, () => Atomics.load(this.#state, 0), () => this.#pending.size > 0);
  }

  /**
   * Starts the worker without waiting for it: commands sent meanwhile wait for it to open the cluster's
   * file (loading the query engine into a new thread takes a good part of a second), so a new cluster
   * listens as soon as it would in-process. A worker that cannot start fails every command instead.
   */
  static open(options: WorkerBackendOptions): Promise<WorkerBackend> {
    const backend = new WorkerBackend(options);
    backend.#startOrFail();
    return Promise.resolve(backend);
  }

  /** Resolves once the current worker answers (tests and benchmarks that time commands). */
  whenReady(): Promise<void> {
    return this.#readyPromise;
  }

  /** How many times a worker was stopped or died and was replaced (diagnostics and tests). */
  get restarts(): number {
    return this.#restarts;
  }

  /** Runs a command and decodes its reply (callers other than the gateway: tests, benchmarks). */
  async runCommand(params: RunCommandParams): Promise<Document> {
    return replyDocument(await this.runCommandEncoded(params));
  }

  /** Runs a command; the reply comes as the worker encoded it, with its summary (failures before sending as documents). */
  runCommandEncoded(params: RunCommandParams): Promise<BackendReply> {
    if (this.#closed) return Promise.reject(new Error("the embedded backend is closed"));
    let runTimeMs: number;
    let command: Uint8Array;
    try {
      runTimeMs = allowedRunTimeMs(params.command, this.#options.maxTimeMs);
      command = serialize(params.command);
    } catch (err) {
      return Promise.resolve(errorReply(err));
    }
    const id = this.#nextId();
    const request: OperationRequest = { id, command, context: params.context, deadline: Date.now() + runTimeMs };
    return new Promise<BackendReply>((resolve, reject) => {
      this.#pending.set(id, { request, resolve, reject });
      this.#unsent.push(id);
      this.#scheduleSend();
      this.#armWatchdog();
      this.#demotion.watch();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#watchdog);
    this.#demotion.stop();
    const worker = this.#worker;
    this.#worker = undefined;
    for (const pending of this.#pending.values()) pending.reject(new Error("the embedded backend is closed"));
    this.#pending.clear();
    if (worker === undefined) return;
    const closed = new Promise<void>((resolve) => {
      worker.on("message", (message: FromWorker) => {
        if (message.type === "closed") resolve();
      });
      worker.once("exit", () => resolve());
    });
    worker.postMessage({ type: "close" } satisfies ToWorker);
    await closed;
    await worker.terminate();
  }

  #nextId(): number {
    this.#lastId = this.#lastId >= 0x7fffffff ? 1 : this.#lastId + 1;
    return this.#lastId;
  }

  #start(): Promise<void> {
    const state = new SharedArrayBuffer(4);
    this.#state = new Int32Array(state);
    this.#ready = false;
    const worker = new Worker(WORKER_FILE, {
      workerData: { path: this.#options.path, state, niceSteps: this.#options.niceSteps ?? 0, retryRecordsPerUser: this.#options.retryRecordsPerUser, retryRecordBytesPerUser: this.#options.retryRecordBytesPerUser } satisfies WorkerStart,
      resourceLimits: { maxOldGenerationSizeMb: this.#options.memoryLimitMb },
    });
    this.#worker = worker;
    return new Promise<void>((resolve, reject) => {
      worker.on("message", (message: FromWorker) => {
        if (this.#worker !== worker) return;
        if (message.type === "ready") {
          this.#ready = true;
          this.#demotion.attach(message.tid);
          if (this.#pending.size > 0) this.#demotion.watch();
          resolve();
          this.#send();
        } else if (message.type === "replies") {
          for (const { id, reply, summary } of message.replies) this.#received(id, reply, summary);
        } else if (message.type === "internalError") {
          const err = new Error(message.message);
          if (message.stack !== undefined) err.stack = message.stack;
          this.#options.onInternalError?.(err, message.command);
        }
      });
      worker.on("error", (err: Error & { code?: string }) => {
        if (this.#worker !== worker) return;
        if (!this.#ready) {
          this.#worker = undefined;
          reject(err);
          return;
        }
        const outOfMemory = err.code === "ERR_WORKER_OUT_OF_MEMORY";
        const failure = outOfMemory
          ? new BackendError("ExceededMemoryLimit", `the operation exceeded the ${this.#options.memoryLimitMb} MB memory limit of the embedded backend and was stopped`)
          : new BackendError("InternalError", "the embedded backend's worker failed while running the operation");
        if (!outOfMemory) this.#options.onInternalError?.(err, "(worker)");
        this.#replaceWorker(failure, outOfMemory ? "out of memory" : `worker error: ${err.message}`);
      });
      worker.on("exit", () => {
        if (this.#worker !== worker || this.#closed) return;
        this.#replaceWorker(new BackendError("InternalError", "the embedded backend's worker stopped while running the operation"), "worker exited");
      });
    });
  }

  #settle(id: number, reply: Document): void {
    this.#take(id)?.resolve(reply);
  }

  /** Removes an answered operation from the outstanding ones (a replacement worker won't run it again). */
  #take(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending === undefined) return undefined;
    this.#pending.delete(id);
    this.#demotion.answered(id);
    if (this.#pending.size === 0) {
      clearTimeout(this.#watchdog);
      this.#watchdog = undefined;
    }
    return pending;
  }

  /**
   * A reply arrived, encoded: it is handed on as it is (the gateway frames and writes its bytes). A small
   * one at once; a large one waits for a turn of its own, so that encrypting several large replies (a
   * client pipelining finds of a 16 MB document on many connections) never holds the gateway's thread
   * for all of them at once: the other clients' requests and the Admin API are served between two.
   */
  #received(id: number, bytes: Uint8Array, summary: ReplySummary): void {
    const pending = this.#take(id);
    if (pending === undefined) return;
    const reply = new EncodedReply(EncodedBody.fromFrame(bytes), summary);
    if (bytes.byteLength < LARGE_REPLY_BYTES) {
      pending.resolve(reply);
      return;
    }
    this.#largeReplies.push({ pending, reply });
    if (this.#largeReplies.length === 1) setImmediate(() => this.#settleOneLarge());
  }

  #settleOneLarge(): void {
    const next = this.#largeReplies.shift();
    if (next === undefined) return;
    if (this.#largeReplies.length > 0) setImmediate(() => this.#settleOneLarge());
    next.pending.resolve(next.reply);
  }

  #scheduleSend(): void {
    if (this.#sendScheduled) return;
    this.#sendScheduled = true;
    // Everything received in this turn goes in one message, so the worker group-commits its writes.
    setImmediate(() => {
      this.#sendScheduled = false;
      this.#send();
    });
  }

  #send(): void {
    const worker = this.#worker;
    if (worker === undefined || !this.#ready || this.#unsent.length === 0) return;
    const operations: OperationRequest[] = [];
    for (const id of this.#unsent) {
      const pending = this.#pending.get(id);
      if (pending !== undefined) operations.push(pending.request);
    }
    this.#unsent = [];
    worker.postMessage({ type: "run", operations } satisfies ToWorker);
  }

  /**
   * Keeps one timer at the moment the next outstanding operation's grace runs out (or one grace period
   * from now while some are overdue without running: queued behind others, or waiting for a commit).
   */
  #armWatchdog(): void {
    if (this.#pending.size === 0) return;
    const now = Date.now();
    let due = Number.POSITIVE_INFINITY;
    for (const { request } of this.#pending.values()) {
      const stopAt = request.deadline + this.#stopGraceMs;
      due = Math.min(due, stopAt <= now ? now + this.#stopGraceMs : stopAt);
    }
    if (this.#watchdog !== undefined && this.#watchdogDue <= due) return;
    clearTimeout(this.#watchdog);
    this.#watchdogDue = due;
    this.#watchdog = setTimeout(() => {
      this.#watchdog = undefined;
      this.#checkRunaway();
      this.#armWatchdog();
    }, due - now);
    this.#watchdog.unref();
  }

  /** Stops the worker when the operation it is running now is past its deadline and grace. */
  #checkRunaway(): void {
    const running = Atomics.load(this.#state, 0);
    if (running <= 0) return;
    const pending = this.#pending.get(running);
    if (pending === undefined || pending.request.deadline + this.#stopGraceMs > Date.now()) return;
    if (Atomics.compareExchange(this.#state, 0, running, WORKER_STATE.CONDEMNED) !== running) return;
    this.#replaceWorker(maxTimeExpired(), "an operation ran past its time limit");
  }

  /**
   * Answers the operation the worker was running with `failure`, drops the worker and starts another,
   * which gets every other outstanding operation again, in order.
   */
  #replaceWorker(failure: BackendError, reason: string): void {
    const old = this.#worker;
    const running = Atomics.load(this.#state, 0);
    this.#worker = undefined;
    this.#ready = false;
    this.#restarts += 1;
    this.#demotion.attach(undefined);
    this.#options.onWorkerRestart?.(reason);
    if (old !== undefined) void old.terminate();
    if (running > 0) this.#settle(running, errorReply(failure));
    if (running === WORKER_STATE.COMMITTING) {
      // It died inside a commit: whether the group reached the disk is unknown, so nothing is retried.
      const unknown = errorReply(new BackendError("InternalError", "the embedded backend stopped while committing; the write may or may not have been applied"));
      const sent = new Set(this.#unsent);
      for (const id of [...this.#pending.keys()]) if (!sent.has(id)) this.#settle(id, unknown);
    }
    this.#unsent = [...this.#pending.keys()];
    if (this.#closed) return;
    this.#startOrFail();
  }

  #startOrFail(): void {
    this.#readyPromise = this.#start();
    this.#readyPromise.catch((err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      this.#options.onInternalError?.(error, "(worker start)");
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      this.#closed = true;
    });
  }
}
