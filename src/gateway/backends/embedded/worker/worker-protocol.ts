/**
 * The messages between a {@link WorkerBackend} (the gateway's thread) and its embedded worker thread.
 * Commands and replies travel as BSON bytes, so every BSON type (ObjectId, Long, Decimal128, ...) arrives
 * as the same class it left as; structured cloning would strip their prototypes.
 */
import type { CommandContext } from "../../backend.js";
import type { ReplySummary } from "../../encoded-reply.js";

/** What the worker is started with (`workerData`). */
export interface WorkerStart {
  /** The cluster's SQLite file. */
  readonly path: string;
  /** One Int32 cell shared with the gateway thread: see {@link WORKER_STATE}. */
  readonly state: SharedArrayBuffer;
  /** How many nice steps below the gateway's thread the worker runs (`thread-priority.ts`). */
  readonly niceSteps: number;
  /** Retryable-write records kept per user; the embedded backend's default when unset. */
  readonly retryRecordsPerUser?: number | undefined;
  /** Bytes of retryable-write replies kept per user; the embedded backend's default when unset. */
  readonly retryRecordBytesPerUser?: number | undefined;
}

/**
 * Values of the shared state cell. A positive value is the id of the operation running now. The gateway
 * thread may stop the worker only by swapping a running operation's id for CONDEMNED; the worker swaps
 * its own id back to IDLE when the operation returns, and takes IDLE to COMMITTING around a group commit.
 * Whichever swap wins decides: a condemned worker never commits, a committing one is never stopped.
 */
export const WORKER_STATE = { IDLE: 0, CONDEMNED: -1, COMMITTING: -2 } as const;

/** One operation sent to the worker. */
export interface OperationRequest {
  readonly id: number;
  /** The command body as BSON. */
  readonly command: Uint8Array;
  readonly context: CommandContext;
  /** Epoch ms after which the operation fails with MaxTimeMSExpired. */
  readonly deadline: number;
}

/** Gateway thread to worker. */
export type ToWorker = { readonly type: "run"; readonly operations: readonly OperationRequest[] } | { readonly type: "close" };

/**
 * One reply: mongod's reply document as BSON, laid out as `EncodedBody.encode` lays it out (room for the
 * OP_MSG header before it) in a buffer of its own that the message transfers rather than copies, and the
 * few facts the gateway reads from it.
 */
export interface OperationReply {
  readonly id: number;
  readonly reply: Uint8Array;
  readonly summary: ReplySummary;
}

/** Worker to gateway thread. */
export type FromWorker =
  | { readonly type: "ready"; readonly tid: number | undefined }
  | { readonly type: "replies"; readonly replies: readonly OperationReply[] }
  | { readonly type: "internalError"; readonly command: string; readonly message: string; readonly stack: string | undefined }
  | { readonly type: "closed" };
