/**
 * The first run's secrets (the Organization Owner API key and the web UI owner's password) are written,
 * as soon as they exist and before anything can fail, to `<data dir>/initial-credentials.txt` (mode
 * 0600), as GitLab writes `initial_root_password`. Every start reminds the operator on stdout while the
 * file is there; deleting it is the operator's job once the secrets are stored elsewhere.
 */
import { access, appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The file's name in the data directory. */
export const FIRST_RUN_CREDENTIALS_FILE = "initial-credentials.txt";

/** The file's path for `dataDir`. */
export function firstRunCredentialsPath(dataDir: string): string {
  return join(dataDir, FIRST_RUN_CREDENTIALS_FILE);
}

/** Writes (or, for a later addition such as the first owner, appends) `text`; readable by the owner only. */
export async function saveFirstRunCredentials(dataDir: string, text: string, { append = false } = {}): Promise<string> {
  const path = firstRunCredentialsPath(dataDir);
  const stamped = `# certgate first-run credentials, written ${new Date().toISOString()}.\n# Store them safely, then delete this file.\n${text}`;
  if (append) await appendFile(path, stamped, { mode: 0o600 });
  else await writeFile(path, stamped, { mode: 0o600, flag: "w" });
  return path;
}

/** Whether the file is still there. */
export async function firstRunCredentialsExist(dataDir: string): Promise<boolean> {
  return access(firstRunCredentialsPath(dataDir)).then(
    () => true,
    () => false,
  );
}

/** The reminder every start prints while the file exists. */
export function firstRunCredentialsReminder(dataDir: string): string {
  return `The first-run API key and web UI password are in ${firstRunCredentialsPath(dataDir)} (mode 0600): store them safely, then delete the file.\n`;
}
