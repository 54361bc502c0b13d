/**
 * The master key that encrypts secrets at rest (CA private keys).
 *
 * Where it comes from, in order:
 * 1. `CERTGATE_MASTER_KEY`: the base64 text of exactly 32 bytes. Anything else is refused, so a
 *    truncated or hex-encoded value never silently becomes a different key.
 * 2. `<dataDir>/master.key`: the same base64 text in a file. Created on first use with mode 0600;
 *    an existing file that group or others can access at all is refused rather than used, because a
 *    leaked master key exposes every CA key in the store.
 */
import { randomBytes } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import { link, lstat, mkdir, open, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { PkiError } from "./pki-error.js";

/** Length of the master key in bytes (AES-256). */
export const MASTER_KEY_BYTES = 32;

/** File name of the master key inside the data directory. */
export const MASTER_KEY_FILE_NAME = "master.key";

/** Environment variable that carries the master key as base64. */
export const MASTER_KEY_ENV = "CERTGATE_MASTER_KEY";

/** Where a master key was found. */
export const MASTER_KEY_SOURCES = ["env", "file-existing", "file-created"] as const;
/** Where a master key was found. */
export type MasterKeySource = (typeof MASTER_KEY_SOURCES)[number];

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * A 32-byte AES key. The bytes are held in a private field and never appear in `JSON.stringify`,
 * `util.inspect` or string conversion, so a logged object cannot leak them.
 */
export class MasterKey {
  readonly #bytes: Buffer;
  /** Where the key came from (for a startup log line). */
  readonly source: MasterKeySource;

  private constructor(bytes: Buffer, source: MasterKeySource) {
    this.#bytes = bytes;
    this.source = source;
  }

  /** Wraps 32 raw bytes; the buffer is copied. */
  static fromBytes(bytes: Uint8Array, source: MasterKeySource = "env"): MasterKey {
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new PkiError("INVALID_MASTER_KEY", `a master key must be ${MASTER_KEY_BYTES} bytes, got ${bytes.length}`);
    }
    return new MasterKey(Buffer.from(bytes), source);
  }

  /**
   * Decodes the base64 text of a master key. `origin` names where the text came from, for the error.
   * Whitespace around the text is ignored; inside it, only the standard base64 alphabet is accepted.
   */
  static fromBase64(text: string, origin: string, source: MasterKeySource = "env"): MasterKey {
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length % 4 !== 0 || !STRICT_BASE64.test(trimmed)) {
      throw new PkiError(
        "INVALID_MASTER_KEY",
        `${origin} is not base64 text (expected ${MASTER_KEY_BYTES} random bytes encoded as base64, e.g. from \`openssl rand -base64 32\`)`,
      );
    }
    const bytes = Buffer.from(trimmed, "base64");
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new PkiError(
        "INVALID_MASTER_KEY",
        `${origin} decodes to ${bytes.length} bytes; a master key must be exactly ${MASTER_KEY_BYTES} bytes`,
      );
    }
    return new MasterKey(bytes, source);
  }

  /** Creates a fresh random key (for tests and for first start). */
  static random(source: MasterKeySource = "file-created"): MasterKey {
    return new MasterKey(randomBytes(MASTER_KEY_BYTES), source);
  }

  /** The raw key, for the cipher only. Callers must not keep or log it. */
  exposeBytes(): Buffer {
    return this.#bytes;
  }

  /** The base64 form, for writing the key file. */
  toBase64(): string {
    return this.#bytes.toString("base64");
  }

  toString(): string {
    return `MasterKey(${this.source})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Where to look for the master key. */
export interface LoadMasterKeyParams {
  /** The data directory that holds (or will hold) `master.key`. */
  dataDir: string;
  /** Environment to read `CERTGATE_MASTER_KEY` from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Loads the master key from the environment, else from `<dataDir>/master.key`, creating that file
 * (mode 0600) on first use. Throws `PkiError("INVALID_MASTER_KEY")` naming the variable or file at fault.
 */
export async function loadMasterKey(params: LoadMasterKeyParams): Promise<MasterKey> {
  const env = params.env ?? process.env;
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== "") {
    return MasterKey.fromBase64(fromEnv, `environment variable ${MASTER_KEY_ENV}`, "env");
  }
  const path = join(params.dataDir, MASTER_KEY_FILE_NAME);
  const existing = await readKeyFile(path);
  if (existing) return existing;
  await mkdir(params.dataDir, { recursive: true, mode: 0o700 });
  return createKeyFile(path);
}

async function readKeyFile(path: string): Promise<MasterKey | undefined> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (!stats.isFile()) {
    throw new PkiError("INVALID_MASTER_KEY", `master key file ${path} is not a regular file`);
  }
  // POSIX permission bits carry no meaning on Windows, where access is governed by ACLs.
  if (process.platform !== "win32" && (stats.mode & 0o077) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(4, "0");
    throw new PkiError(
      "INVALID_MASTER_KEY",
      `master key file ${path} has mode ${mode} and is accessible to group or others; restrict it with \`chmod 600 ${path}\``,
    );
  }
  const text = await readFile(path, "utf8");
  return MasterKey.fromBase64(text, `master key file ${path}`, "file-existing");
}

/**
 * Writes the key to a private temporary file first and then hard-links it into place: `link` fails
 * with EEXIST like O_EXCL does, and a concurrent starter can never read a half-written key file.
 */
async function createKeyFile(path: string): Promise<MasterKey> {
  const key = MasterKey.random("file-created");
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL;
  const handle = await open(temporary, flags, 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${key.toBase64()}\n`, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary);
    throw error;
  }
  await handle.close();
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const winner = await readKeyFile(path);
    if (!winner) throw error;
    return winner;
  } finally {
    await unlink(temporary);
  }
  return key;
}
