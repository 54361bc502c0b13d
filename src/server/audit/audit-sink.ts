/**
 * Where audit lines are written: stdout (synchronously, so lines never interleave with the process
 * log's), or a file opened for appending with mode 0600. File lines are gathered in memory and written
 * by one asynchronous write at a time, when 64 KiB have gathered or every 100 ms, so the gateway pays
 * for a line's text and not for a system call per command. `reopen` starts a new file after the old
 * one was moved away (log rotation); `close` writes what is left.
 */
import { closeSync, openSync, write, writeSync } from "node:fs";

/** An open destination. */
export interface AuditSink {
  write(line: string): void;
  reopen(): void;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 100;

/** Lines to stdout. */
export function consoleSink(): AuditSink {
  return { write: (line) => void writeSync(1, line), reopen: () => undefined, close: async () => undefined };
}

/** Lines appended to `path` (created with mode 0600); a file that can't be opened fails here, at start-up. `onError` hears failed writes. */
export function fileSink(path: string, onError: (error: Error) => void = () => undefined): AuditSink {
  const open = (): number => openSync(path, "a", 0o600);
  let fd = open();
  let parts: string[] = [];
  let pending = 0;
  let writing: Promise<void> | undefined;
  let reopenRequested = false;

  const writeAll = (data: Buffer): Promise<void> =>
    new Promise((resolve) => {
      const from = (offset: number): void => {
        write(fd, data, offset, data.length - offset, null, (error, written) => {
          if (error) {
            onError(error);
            return resolve();
          }
          if (offset + written < data.length) return from(offset + written);
          resolve();
        });
      };
      from(0);
    });

  const flush = (): void => {
    if (writing !== undefined) return;
    if (reopenRequested) {
      // What was gathered before the rotation still goes to the old file.
      reopenRequested = false;
      if (parts.length > 0) writeSync(fd, parts.join(""));
      parts = [];
      pending = 0;
      closeSync(fd);
      fd = open();
    }
    if (parts.length === 0) return;
    const data = Buffer.from(parts.join(""));
    parts = [];
    pending = 0;
    writing = writeAll(data).then(() => {
      writing = undefined;
      if (pending >= FLUSH_BYTES || reopenRequested) flush();
    });
  };
  const timer = setInterval(flush, FLUSH_MS).unref();

  return {
    write(line) {
      parts.push(line);
      pending += line.length;
      if (pending >= FLUSH_BYTES) flush();
    },
    reopen() {
      reopenRequested = true;
      flush();
    },
    async close() {
      clearInterval(timer);
      while (writing !== undefined) await writing;
      if (parts.length > 0) writeSync(fd, parts.join(""));
      parts = [];
      closeSync(fd);
    },
  };
}
