import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Document } from "bson";
import type { CommandContext } from "../../src/gateway/backends/backend.js";
import { EmbeddedBackend } from "../../src/gateway/backends/embedded/embedded-backend.js";

/** An embedded backend on a fresh SQLite file in a temporary directory, for tests and benchmarks. */
export interface ScratchBackend {
  readonly backend: EmbeddedBackend;
  /** The SQLite file's path. */
  readonly path: string;
  /** Runs a command on database `db` (default "test") as `owner` (default "owner-a"). */
  run(command: Document, options?: Partial<CommandContext>): Document;
  /** Closes the backend and deletes the directory. */
  dispose(): Promise<void>;
}

/** Opens a {@link ScratchBackend}; internal errors are rethrown so a test sees bugs instead of InternalError replies. */
export function openScratchBackend(options: { now?: () => number; maxSortBytes?: number; retryRecordsPerUser?: number; retryRecordBytesPerUser?: number } = {}): ScratchBackend {
  const dir = mkdtempSync(join(tmpdir(), "certgate-embedded-"));
  const path = join(dir, "cluster.sqlite");
  let internal: unknown;
  const backend = EmbeddedBackend.open({
    path,
    onInternalError: (err) => {
      internal = err;
    },
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxSortBytes ? { maxSortBytes: options.maxSortBytes } : {}),
    ...(options.retryRecordsPerUser ? { retryRecordsPerUser: options.retryRecordsPerUser } : {}),
    ...(options.retryRecordBytesPerUser ? { retryRecordBytesPerUser: options.retryRecordBytesPerUser } : {}),
  });
  return {
    backend,
    path,
    run(command, context) {
      const ctx: CommandContext = { db: "test", connectionId: 1, owner: "owner-a", ...context };
      const reply = backend.runCommandSync({ command: { ...command, $db: ctx.db }, context: ctx });
      if (internal !== undefined) {
        const err = internal;
        internal = undefined;
        throw err;
      }
      return reply;
    },
    async dispose() {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
