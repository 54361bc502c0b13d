/**
 * Where audit lines are written: stdout (synchronously, so lines never interleave with the process log's),
 * or a file opened for appending with mode 0600 and written asynchronously, batching lines while a write
 * is in flight. `reopen` starts a new file after it was moved away (log rotation).
 */
import { closeSync, openSync } from "node:fs";
import { pino } from "pino";
import type { AuditDestination } from "../../shared/audit-settings.js";

/** An open destination. */
export interface AuditSink {
  write(line: string): void;
  reopen(): void;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

/** Opens `destination`; a file that can't be opened fails here, at start-up. */
export function openAuditSink(destination: AuditDestination): AuditSink {
  if (destination.kind === "console") {
    const out = pino.destination({ dest: 1, sync: true });
    return { write: (line) => void out.write(line), reopen: () => undefined, close: async () => undefined };
  }
  closeSync(openSync(destination.path, "a", 0o600));
  const out = pino.destination({ dest: destination.path, sync: false, append: true, mode: 0o600 });
  return {
    write: (line) => void out.write(line),
    reopen: () => out.reopen(),
    close: () =>
      new Promise<void>((resolve) => {
        out.once("close", () => resolve());
        out.end();
      }),
  };
}
