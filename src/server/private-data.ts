/**
 * The data directory is private to the user certgate runs as: directories 0700, files 0600, like
 * `master.key`. It holds the SQLite store (sealed CA keys, API key digests, sessions), the embedded
 * clusters' documents and the first-run credentials.
 * - Files created from now on: the process's umask becomes 077 before anything is opened, so SQLite's
 *   database, WAL and shared-memory files, the embedded clusters' files (opened by worker threads of
 *   this process) and anything else certgate writes get no group or other permissions.
 * - Files already there (from an older certgate, a restore, a copy): group and other permissions are
 *   removed at start from the data directory, its files, `clusters/` and its files, and the SQLite
 *   files wherever `--store` puts them. Nothing else is walked, so a data directory placed in a shared
 *   folder by mistake leaves its neighbours alone.
 * `master.key` is the exception: a key file that others could read may have leaked, so certgate keeps
 * refusing it (`pki/master-key.ts`) rather than quietly tightening it.
 */
import type { Dirent } from "node:fs";
import { chmod, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { MASTER_KEY_FILE_NAME } from "../pki/master-key.js";

/** No permissions for group and others. */
export const PRIVATE_UMASK = 0o077;
const GROUP_AND_OTHER_BITS = 0o077;

/** Makes this process create private files, then tightens what `dataDir` (and `sqlitePath`) already hold; answers the paths changed. */
export async function makeDataPrivate(dataDir: string, sqlitePath?: string): Promise<string[]> {
  process.umask(PRIVATE_UMASK);
  const tightened: string[] = [];
  const tighten = async (path: string): Promise<void> => {
    const stats = await lstat(path).catch(() => undefined);
    if (!stats || stats.isSymbolicLink() || (!stats.isFile() && !stats.isDirectory())) return;
    if ((stats.mode & GROUP_AND_OTHER_BITS) === 0) return;
    await chmod(path, stats.mode & 0o7700);
    tightened.push(path);
  };
  const tightenFolder = async (dir: string): Promise<Dirent[]> => {
    await tighten(dir);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile() && entry.name !== MASTER_KEY_FILE_NAME) await tighten(join(dir, entry.name));
    return entries;
  };
  const entries = await tightenFolder(dataDir);
  if (entries.some((e) => e.isDirectory() && e.name === "clusters")) await tightenFolder(join(dataDir, "clusters"));
  if (sqlitePath !== undefined && sqlitePath !== ":memory:") {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) await tighten(`${sqlitePath}${suffix}`);
  }
  return tightened;
}
