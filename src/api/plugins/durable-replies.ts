/**
 * Holds every response until the store's committed writes are on disk, for a store opened with group
 * commit (`store/wal-sync.ts`): a client is never told of a change, or handed a certificate, that a
 * power loss could undo. Requests answered while nothing is waiting for the disk pass at once, and
 * concurrent requests share one sync.
 */
import type { FastifyInstance } from "fastify";
import type { CommitDurability } from "../../shared/commit-durability.js";

/** Installs the hook on `app` itself, so it covers every route, error and the web UI. */
export function installDurableReplies(app: FastifyInstance, commits: CommitDurability): void {
  app.addHook("onSend", async (_request, _reply, payload) => {
    await commits.durable(commits.writeMark());
    return payload;
  });
}
