/**
 * The embedded backend's worker thread: one per embedded cluster. It owns the cluster's SQLite file, its
 * cursors and its group commits, and runs the commands the gateway thread sends, each under its deadline
 * (`eval/operation-deadline.ts`). Replies go back encoded, ready to be framed and written by the gateway
 * thread, in batches: one message per turn, their buffers transferred.
 */
import { parentPort, workerData } from "node:worker_threads";
import { decodeDocument, MAX_WIRE_BSON_DEPTH } from "../../../wire/index.js";
import { errorReply } from "../../error-reply.js";
import { EmbeddedBackend } from "../embedded-backend.js";
import { FramedReply } from "../framed-reply.js";
import { withOperationDeadline } from "../eval/operation-deadline.js";
import { removeProtoAccessor } from "../../../../shared/process-hardening.js";
import { currentThreadId, lowerThreadPriority } from "./thread-priority.js";
import { WORKER_STATE, type FromWorker, type OperationReply, type OperationRequest, type ToWorker, type WorkerStart } from "./worker-protocol.js";

/** Levels a document sequence gains when spliced into its command body: the array and the index. */
const SPLICED_SEQUENCE_LEVELS = 2;

// A worker thread has its own Object.prototype: the process-level defence of `certgate start` must be
// applied here too, where client documents are evaluated.
removeProtoAccessor();

const port = parentPort;
if (port === null) throw new Error("embedded-worker.js runs as a worker thread");
const start = workerData as WorkerStart;
// The gateway's thread serves every tenant (TLS, the Admin API, the other clusters' requests and
// replies); this one evaluates one cluster's queries. When they compete for a CPU, the gateway goes first.
lowerThreadPriority(start.niceSteps);
const state = new Int32Array(start.state);
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

const backend = EmbeddedBackend.open({
  path: start.path,
  ...(start.retryRecordsPerUser !== undefined ? { retryRecordsPerUser: start.retryRecordsPerUser } : {}),
  ...(start.retryRecordBytesPerUser !== undefined ? { retryRecordBytesPerUser: start.retryRecordBytesPerUser } : {}),
  onInternalError: (err, command) => {
    const error = err instanceof Error ? err : new Error(String(err));
    post({ type: "internalError", command, message: error.message, stack: error.stack });
  },
  commitGate: {
    enter: () => Atomics.compareExchange(state, 0, WORKER_STATE.IDLE, WORKER_STATE.COMMITTING) === WORKER_STATE.IDLE,
    leave: () => void Atomics.store(state, 0, WORKER_STATE.IDLE),
  },
});

let outgoing: OperationReply[] = [];
function answer(id: number, reply: FramedReply): void {
  if (outgoing.length === 0) queueMicrotask(flushReplies);
  outgoing.push({ id, reply: reply.frame, summary: reply.summary });
}
function flushReplies(): void {
  const replies = outgoing;
  outgoing = [];
  // Each reply owns its ArrayBuffer (EncodedBody.encode), so the buffers move to the gateway thread uncopied.
  post({ type: "replies", replies }, replies.map((r) => r.reply.buffer as ArrayBuffer));
}

/** Runs one operation; false once this worker has been condemned (it must then do nothing more). */
function run(operation: OperationRequest): boolean {
  if (Atomics.compareExchange(state, 0, WORKER_STATE.IDLE, operation.id) !== WORKER_STATE.IDLE) return false;
  let pending: Promise<FramedReply>;
  try {
    // The message it came in was bounded by the gateway thread, each of its sections on its own. With
    // document sequences spliced in, a command may be larger than one document and two levels deeper
    // (the sequence's array and its index), so only its own length and those two levels bound it here.
    const bytes = Buffer.from(operation.command.buffer, operation.command.byteOffset, operation.command.byteLength);
    const command = decodeDocument(bytes, bytes.length, MAX_WIRE_BSON_DEPTH + SPLICED_SEQUENCE_LEVELS);
    pending = withOperationDeadline(operation.deadline, () => backend.runCommandFramed({ command, context: operation.context }));
  } catch (err) {
    pending = Promise.resolve(FramedReply.encode(errorReply(err)));
  }
  if (Atomics.compareExchange(state, 0, operation.id, WORKER_STATE.IDLE) !== operation.id) return false;
  pending.then(
    (reply) => answer(operation.id, reply),
    (err: unknown) => answer(operation.id, FramedReply.encode(errorReply(err))),
  );
  return true;
}

port.on("message", (message: ToWorker) => {
  if (message.type === "close") {
    void backend.close().then(() => post({ type: "closed" }));
    return;
  }
  for (const operation of message.operations) if (!run(operation)) return;
});
post({ type: "ready", tid: currentThreadId() });
