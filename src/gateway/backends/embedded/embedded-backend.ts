import type { Document } from "bson";
import { BackendError } from "../backend-error.js";
import { isBackendCommand, type Backend, type CommandContext, type RunCommandParams } from "../backend.js";
import { errorReply, isInternalFailure } from "../error-reply.js";
import { EMBEDDED_COMMANDS } from "./command-table.js";
import { checkSessionFields } from "./commands/session-fields.js";
import type { CommandEnv } from "./commands/command-env.js";
import { CursorRegistry } from "./cursors/cursor-registry.js";
import { MAX_SORT_BYTES } from "./eval/query-runner.js";
import { Catalog } from "./storage/catalog.js";
import { GroupCommit, type GroupTransactionControl } from "./storage/group-commit.js";
import { SqliteStore } from "./storage/sqlite-store.js";
import { FramedReply } from "./framed-reply.js";
import { RetryableWrites } from "./retryable-writes.js";

/** Options of {@link EmbeddedBackend.open}. */
export interface EmbeddedBackendOptions {
  /** The cluster's SQLite file; created on first open. */
  readonly path: string;
  /** Called with errors that rendered as InternalError, so the caller can log them. */
  readonly onInternalError?: (err: unknown, command: string) => void;
  /** Clock for cursor timeouts and the expiry of retryable-write records (tests). */
  readonly now?: () => number;
  /** The most BSON bytes one in-memory sort may hold; default 100 MiB, mongod's limit. */
  readonly maxSortBytes?: number;
  /**
   * Asked before each group commit, told after it: a host that may stop this thread from outside
   * (`worker/embedded-worker.ts`) refuses a commit once it has decided to, so a stopped thread never
   * commits writes whose commands it will run again elsewhere.
   */
  readonly commitGate?: CommitGate;
  /** Retryable-write records kept per user; default 10,000 (`DEFAULT_RETRY_RECORDS_PER_USER`). */
  readonly retryRecordsPerUser?: number;
  /** Bytes of retryable-write replies kept per user; default 32 MiB (`DEFAULT_RETRY_RECORD_BYTES_PER_USER`). */
  readonly retryRecordBytesPerUser?: number;
}

/** See {@link EmbeddedBackendOptions.commitGate}. */
export interface CommitGate {
  /** False: the commit must not happen (it then fails and its group is rolled back). */
  enter(): boolean;
  leave(): void;
}

function gatedControl(store: SqliteStore, gate: CommitGate | undefined): GroupTransactionControl {
  if (gate === undefined) return store;
  return {
    begin: () => store.begin(),
    rollback: () => store.rollback(),
    commit: () => {
      if (!gate.enter()) throw new Error("commit refused: this backend thread is being stopped");
      try {
        store.commit();
      } finally {
        gate.leave();
      }
    },
  };
}

function asDocument(reply: Document | FramedReply): Document {
  return reply instanceof FramedReply ? reply.document() : reply;
}

/**
 * EmbeddedBackend keeps one cluster's data in a SQLite file and evaluates queries, updates
 * and aggregations with mingo. Commands run one at a time to completion (better-sqlite3 is
 * synchronous). Through {@link runCommand}, the writes of the commands that run in one turn of the
 * event loop are committed together ({@link GroupCommit}) and each is answered once that commit is on
 * disk; {@link runCommandSync} commits each write on its own before it returns.
 */
export class EmbeddedBackend implements Backend {
  readonly #store: SqliteStore;
  readonly #catalog: Catalog;
  readonly #cursors: CursorRegistry;
  readonly #onInternalError: ((err: unknown, command: string) => void) | undefined;
  readonly #maxSortBytes: number;
  readonly #group: GroupCommit;
  readonly #retryableWrites: RetryableWrites;
  #closed = false;

  private constructor(options: EmbeddedBackendOptions) {
    this.#store = new SqliteStore(options.path);
    this.#catalog = new Catalog(this.#store);
    this.#cursors = new CursorRegistry(options.now);
    this.#onInternalError = options.onInternalError;
    this.#maxSortBytes = options.maxSortBytes ?? MAX_SORT_BYTES;
    this.#group = new GroupCommit(gatedControl(this.#store, options.commitGate), () => this.#catalog.reset());
    this.#retryableWrites = new RetryableWrites(this.#store, options.now ?? Date.now, {
      maxPerUser: options.retryRecordsPerUser,
      maxBytesPerUser: options.retryRecordBytesPerUser,
    });
  }

  /** Opens (creating if needed) the cluster's SQLite file. */
  static open(options: EmbeddedBackendOptions): EmbeddedBackend {
    return new EmbeddedBackend(options);
  }

  /** Same as {@link runCommand} without the Promise, for callers that are synchronous anyway (benchmarks, tests). */
  runCommandSync(params: RunCommandParams): Document {
    this.#group.flush();
    return asDocument(this.#execute(params, undefined));
  }

  /**
   * Runs a command; a command that wrote is answered after the commit of its turn's group, or with
   * InternalError when that commit failed (its writes are then rolled back).
   */
  runCommand(params: RunCommandParams): Promise<Document> {
    return this.#run(params).then(asDocument);
  }

  /** The same as {@link runCommand}, answering the reply encoded for the wire (the worker thread sends these bytes). */
  runCommandFramed(params: RunCommandParams): Promise<FramedReply> {
    return this.#run(params).then((reply) => (reply instanceof FramedReply ? reply : FramedReply.encode(reply)));
  }

  #run(params: RunCommandParams): Promise<Document | FramedReply> {
    try {
      const joined: { commit?: Promise<void> } = {};
      const reply = this.#execute(params, joined);
      if (joined.commit === undefined) return Promise.resolve(reply);
      return joined.commit.then(
        () => reply,
        (err: unknown) => {
          this.#onInternalError?.(err, Object.keys(params.command)[0] ?? "");
          // The cause (an I/O error, a full disk) goes to the log; the client learns its write is lost.
          return errorReply(new BackendError("InternalError", "the write could not be committed to disk and was rolled back; it was not applied"));
        },
      );
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** `joined` set: writes join the group commit and `joined.commit` is its promise; unset: each write commits at once. */
  #execute(params: RunCommandParams, joined: { commit?: Promise<void> } | undefined): Document | FramedReply {
    if (this.#closed) throw new Error("the embedded backend is closed");
    const { command, context } = params;
    const name = Object.keys(command)[0] ?? "";
    try {
      if (!isBackendCommand(name)) throw new BackendError("CommandNotSupported", `${name} is not supported by the embedded backend`);
      const retryable = checkSessionFields(command);
      const env = this.#env(context, joined);
      const handler = EMBEDDED_COMMANDS[name];
      if (retryable === undefined) return handler(command, env);
      return this.#retryableWrites.run(retryable, context, env, () => handler(command, env));
    } catch (err) {
      if (isInternalFailure(err)) this.#onInternalError?.(err, name);
      return errorReply(err);
    }
  }

  /** Number of cursors currently open (diagnostics and tests). */
  get openCursors(): number {
    return this.#cursors.size;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#group.flush();
      this.#closed = true;
      this.#cursors.clear();
      this.#store.close();
    }
    return Promise.resolve();
  }

  #env(context: CommandContext, joined: { commit?: Promise<void> } | undefined): CommandEnv {
    const store = this.#store;
    const catalog = this.#catalog;
    const group = this.#group;
    return {
      store,
      catalog,
      cursors: this.#cursors,
      context,
      maxSortBytes: this.#maxSortBytes,
      write<T>(fn: () => T): T {
        try {
          // Inside the group's transaction this is a savepoint: a failing command rolls back alone.
          if (joined !== undefined) joined.commit = group.join();
          return store.transaction(fn);
        } catch (err) {
          catalog.reset();
          throw err;
        }
      },
      writeAside<T>(fn: () => T): T {
        try {
          // In the turn's group, whose commit this command's reply does not join.
          if (joined !== undefined) void group.join();
          return store.transaction(fn);
        } catch (err) {
          catalog.reset();
          throw err;
        }
      },
      uncommittedGroup: () => group.openGroup,
    };
  }
}
