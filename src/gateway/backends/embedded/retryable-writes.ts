/**
 * Retryable writes on the embedded backend, as a replica-set member keeps them: per logical session
 * (of one user), the newest write's transaction number and reply, stored in the same SQLite
 * transaction as the write. A driver that lost the reply retries the command once with the same
 * `lsid` and `txnNumber`; that retry is answered with the recorded reply and applies nothing. A retry
 * of an older number than the session's newest answers TransactionTooOld (225), as mongod does.
 *
 * The reply is encoded once: those bytes are both the record and the reply sent ({@link FramedReply}),
 * and a replayed record is sent as stored, without decoding it.
 *
 * The record is bounded: one row per session, forgotten after the session has been idle for the
 * session timeout ({@link SESSION_TIMEOUT_MS}, mongod's `logicalSessionTimeoutMinutes`; a replayed
 * retry counts as use), after which mongod would have expired the session too; and at most
 * `maxPerUser` rows per user, a new session's record replacing that user's least recently used one,
 * and at most `maxBytesPerUser` bytes of replies per user: a record that grows a user past it drops that
 * user's least recently used other records until the user is within it (the newest record is always
 * kept, even one larger than the bound on its own).
 * A write that failed as a whole (`ok: 0`) records nothing, so its retry runs.
 *
 * With group commit, a replayed retry is answered as its write was: if the write is still in the open
 * group, the replay waits for that commit and fails with it (the write was then rolled back); if it
 * was committed earlier, the replay succeeds whatever becomes of the group that records its use.
 */
import { bsonNumber, EncodedBody } from "../../wire/index.js";
import type { Document } from "bson";
import { BackendError } from "../backend-error.js";
import type { CommandContext } from "../backend.js";
import type { CommandEnv } from "./commands/command-env.js";
import type { RetryableWrite } from "./commands/session-fields.js";
import { FramedReply } from "./framed-reply.js";
import type { SqliteStore } from "./storage/sqlite-store.js";

/** How long an idle session's record is kept: 30 minutes, the `logicalSessionTimeoutMinutes` hello announces. */
export const SESSION_TIMEOUT_MS = 30 * 60_000;

/** The default of `maxPerUser`: records kept per user (see docs/configuration.md). */
export const DEFAULT_RETRY_RECORDS_PER_USER = 10_000;
/** The default of `maxBytesPerUser`: bytes of recorded replies kept per user, 32 MiB (see docs/configuration.md). */
export const DEFAULT_RETRY_RECORD_BYTES_PER_USER = 32 * 1024 * 1024;

/** How many records, and how many bytes of replies, one user's sessions may keep. */
export interface RetryRecordLimits {
  readonly maxPerUser?: number | undefined;
  readonly maxBytesPerUser?: number | undefined;
}

/** How often, at most, expired records are looked for. */
const FORGET_INTERVAL_MS = 60_000;

/** A recorded reply is a whole write's `ok: 1` reply: no error code, no cursor. */
const RECORDED_SUMMARY = { ok: true } as const;

/** The retryable-write records of one embedded cluster. */
export class RetryableWrites {
  readonly #store: SqliteStore;
  readonly #now: () => number;
  readonly #maxPerUser: number;
  readonly #maxBytesPerUser: number;
  #lastForget = 0;
  /** The sessions whose record was saved in group commit {@link #savedInGroup}, not committed yet. */
  #savedUncommitted = new Set<string>();
  #savedInGroup: number | undefined;

  constructor(store: SqliteStore, now: () => number, limits: RetryRecordLimits = {}) {
    this.#store = store;
    this.#now = now;
    this.#maxPerUser = limits.maxPerUser ?? DEFAULT_RETRY_RECORDS_PER_USER;
    this.#maxBytesPerUser = limits.maxBytesPerUser ?? DEFAULT_RETRY_RECORD_BYTES_PER_USER;
  }

  /**
   * Runs `execute` (one command's handler) as the retryable write `write` of the command's session,
   * or answers the recorded reply when this is a retry of that session's newest write.
   */
  run(write: RetryableWrite, context: CommandContext, env: CommandEnv, execute: () => Document): Document | FramedReply {
    const user = `${context.owner}\u0000`;
    const session = `${user}${context.sessionId ?? ""}`;
    const recorded = this.#store.retryableWrite(session);
    const now = this.#now();
    if (recorded !== undefined) {
      const newest = BigInt(recorded.txn_number);
      if (newest === write.txnNumber) {
        const touch = () => this.#store.touchRetryableWrite(session, now);
        // A write still in the open group is answered as that group's commit goes, like the write itself
        // (a failed commit rolled it back). A committed one was applied: marking the record used must not
        // tie the answer to a later group's commit.
        if (this.#isUncommitted(session, env)) env.write(touch);
        else env.writeAside(touch);
        return new FramedReply(EncodedBody.frameBson(recorded.reply), RECORDED_SUMMARY);
      }
      if (newest > write.txnNumber) {
        throw new BackendError(
          "TransactionTooOld",
          `Cannot start transaction ${write.txnNumber} on session ${context.sessionId ?? ""} because a newer transaction ${newest} has already started.`,
        );
      }
    }
    return env.write(() => {
      const reply = execute();
      if (bsonNumber(reply.ok) !== 1) return reply;
      const framed = FramedReply.encode(reply);
      if (framed.summary.ok) {
        if (recorded === undefined) this.#makeRoom(user);
        this.#store.saveRetryableWrite(session, String(write.txnNumber), framed.bson, now);
        if (recorded === undefined || framed.bson.length > recorded.reply.length) this.#trimBytes(user, session);
        this.#noteSaved(session, env);
      }
      if (now - this.#lastForget >= FORGET_INTERVAL_MS) {
        this.#lastForget = now;
        this.#store.forgetRetryableWrites(now - SESSION_TIMEOUT_MS);
      }
      return framed;
    });
  }

  #noteSaved(session: string, env: CommandEnv): void {
    const group = env.uncommittedGroup();
    if (group === undefined) return;
    if (group !== this.#savedInGroup) {
      this.#savedInGroup = group;
      this.#savedUncommitted = new Set();
    }
    this.#savedUncommitted.add(session);
  }

  #isUncommitted(session: string, env: CommandEnv): boolean {
    const group = env.uncommittedGroup();
    return group !== undefined && group === this.#savedInGroup && this.#savedUncommitted.has(session);
  }

  /** After `session`'s record grew: drops the user's least recently used other records while the user is over the byte bound. */
  #trimBytes(user: string, session: string): void {
    const end = `${user.slice(0, -1)}\u0001`;
    const excess = this.#store.retryableWriteBytes(user, end) - this.#maxBytesPerUser;
    if (excess > 0) this.#store.evictRetryableWriteBytes(user, end, session, excess);
  }

  /** Before a user's new session gets a record: drops that user's least recently used ones beyond the cap. */
  #makeRoom(user: string): void {
    const end = `${user.slice(0, -1)}\u0001`;
    const excess = this.#store.countRetryableWrites(user, end) - this.#maxPerUser + 1;
    if (excess > 0) this.#store.evictRetryableWrites(user, end, excess);
  }
}
