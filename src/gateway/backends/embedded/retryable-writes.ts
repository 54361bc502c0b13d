/**
 * Retryable writes on the embedded backend, as a replica-set member keeps them: per logical session
 * (of one user), the newest write's transaction number and reply, stored in the same SQLite
 * transaction as the write. A driver that lost the reply retries the command once with the same
 * `lsid` and `txnNumber`; that retry is answered with the recorded reply and applies nothing. A retry
 * of an older number than the session's newest answers TransactionTooOld (225), as mongod does.
 *
 * The record is bounded: one row per session, forgotten after the session's timeout
 * ({@link SESSION_TIMEOUT_MS}, mongod's `logicalSessionTimeoutMinutes`), after which mongod would have
 * expired the session too. A write that failed as a whole (`ok: 0`) records nothing, so its retry runs.
 */
import { bsonNumber } from "../../wire/index.js";
import { deserialize, serialize, type Document } from "bson";
import { BackendError } from "../backend-error.js";
import type { CommandContext } from "../backend.js";
import type { CommandEnv } from "./commands/command-env.js";
import type { RetryableWrite } from "./commands/session-fields.js";
import type { SqliteStore } from "./storage/sqlite-store.js";

/** How long an idle session's record is kept: 30 minutes, the `logicalSessionTimeoutMinutes` hello announces. */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

/** How often, at most, expired records are looked for. */
const FORGET_INTERVAL_MS = 60_000;

/** Decoded as the gateway decodes replies, so a replayed reply keeps every BSON type. */
const DECODE = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

/** The retryable-write records of one embedded cluster. */
export class RetryableWrites {
  readonly #store: SqliteStore;
  readonly #now: () => number;
  #lastForget = 0;

  constructor(store: SqliteStore, now: () => number) {
    this.#store = store;
    this.#now = now;
  }

  /**
   * Runs `execute` (one command's handler) as the retryable write `write` of the command's session,
   * or answers the recorded reply when this is a retry of that session's newest write.
   */
  run(write: RetryableWrite, context: CommandContext, env: CommandEnv, execute: () => Document): Document {
    const session = `${context.owner}\u0000${context.sessionId ?? ""}`;
    const recorded = this.#store.retryableWrite(session);
    if (recorded !== undefined) {
      const newest = BigInt(recorded.txn_number);
      if (newest === write.txnNumber) return deserialize(recorded.reply, DECODE);
      if (newest > write.txnNumber) {
        throw new BackendError(
          "TransactionTooOld",
          `Cannot start transaction ${write.txnNumber} on session ${context.sessionId ?? ""} because a newer transaction ${newest} has already started.`,
        );
      }
    }
    const now = this.#now();
    return env.write(() => {
      const reply = execute();
      if (bsonNumber(reply.ok) === 1) this.#store.saveRetryableWrite(session, String(write.txnNumber), Buffer.from(serialize(reply)), now);
      if (now - this.#lastForget >= FORGET_INTERVAL_MS) {
        this.#lastForget = now;
        this.#store.forgetRetryableWrites(now - SESSION_TIMEOUT_MS);
      }
      return reply;
    });
  }
}
