/**
 * Holds every response until the store's committed writes are on disk, for a store opened with group
 * commit (`store/wal-sync.ts`): a client is never told of a change, or handed a certificate, that a
 * power loss could undo. The mark is read when the response is about to go out, so it covers the
 * request's own writes (its transactions have committed by then), its nonce-count, and anything
 * else committed meanwhile that the response might show. Requests answered while nothing is waiting
 * for the disk pass at once, and concurrent requests share one sync.
 *
 * When the sync fails the response is replaced by a 500 (the error handler's UNEXPECTED_ERROR), and so
 * is every later one: nothing is known to be on disk any more. That error response is not held again.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { CommitDurability } from "../../shared/commit-durability.js";

/** Installs the hook on `app` itself, so it covers every route, error and the web UI. */
export function installDurableReplies(app: FastifyInstance, commits: CommitDurability): void {
  const failedReplies = new WeakSet<FastifyReply>();
  app.addHook("onSend", async (_request, reply, payload) => {
    if (failedReplies.has(reply)) return payload;
    try {
      await commits.durable(commits.writeMark());
    } catch (error) {
      failedReplies.add(reply);
      throw error;
    }
    return payload;
  });
}
