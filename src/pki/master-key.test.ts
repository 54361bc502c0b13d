import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { after, before, describe, it } from "node:test";
import { MASTER_KEY_ENV, MASTER_KEY_FILE_NAME, MasterKey, loadMasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";

function isPkiError(code: string) {
  return (error: unknown) => error instanceof PkiError && error.code === code;
}

describe("loadMasterKey", () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), "certgate-master-key-"));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("uses CERTGATE_MASTER_KEY when it is base64 of 32 bytes", async () => {
    const bytes = Buffer.alloc(32, 7);
    const key = await loadMasterKey({ dataDir: join(root, "unused"), env: { [MASTER_KEY_ENV]: bytes.toString("base64") } });
    assert.equal(key.source, "env");
    assert.deepEqual(key.exposeBytes(), bytes);
    await assert.rejects(stat(join(root, "unused")), /ENOENT/, "an env key must not create the data directory");
  });

  it("rejects an env key of the wrong length, naming the variable and the byte count", async () => {
    await assert.rejects(
      loadMasterKey({ dataDir: root, env: { [MASTER_KEY_ENV]: Buffer.alloc(16).toString("base64") } }),
      (error: unknown) =>
        isPkiError("INVALID_MASTER_KEY")(error) &&
        /CERTGATE_MASTER_KEY/.test((error as Error).message) &&
        /16 bytes/.test((error as Error).message),
    );
  });

  it("rejects hex and other non-base64 text instead of decoding it leniently", async () => {
    const hex = Buffer.alloc(32, 0xab).toString("hex");
    for (const text of [hex.slice(0, 43) + "!", "not base64 at all", Buffer.alloc(32, 1).toString("base64url").replace(/=/g, "") + "-_"]) {
      await assert.rejects(loadMasterKey({ dataDir: root, env: { [MASTER_KEY_ENV]: text } }), isPkiError("INVALID_MASTER_KEY"));
    }
    // 64 hex digits are valid base64 characters but decode to 48 bytes, not 32.
    await assert.rejects(
      loadMasterKey({ dataDir: root, env: { [MASTER_KEY_ENV]: hex } }),
      (error: unknown) => isPkiError("INVALID_MASTER_KEY")(error) && /48 bytes/.test((error as Error).message),
    );
  });

  it("creates <dataDir>/master.key with mode 0600 on first use and reads the same key back", async () => {
    const dataDir = join(root, "fresh", "nested");
    const created = await loadMasterKey({ dataDir, env: {} });
    assert.equal(created.source, "file-created");
    const path = join(dataDir, MASTER_KEY_FILE_NAME);
    const stats = await stat(path);
    assert.equal(stats.mode & 0o777, 0o600);
    assert.equal((await readFile(path, "utf8")).trim(), created.toBase64());
    const again = await loadMasterKey({ dataDir, env: {} });
    assert.equal(again.source, "file-existing");
    assert.deepEqual(again.exposeBytes(), created.exposeBytes());
  });

  it("gives every concurrent first caller the same key and leaves no temporary files", async () => {
    const dataDir = join(root, "race");
    const keys = await Promise.all(Array.from({ length: 6 }, () => loadMasterKey({ dataDir, env: {} })));
    const distinct = new Set(keys.map((key) => key.toBase64()));
    assert.equal(distinct.size, 1);
    const { readdir } = await import("node:fs/promises");
    assert.deepEqual(await readdir(dataDir), [MASTER_KEY_FILE_NAME]);
  });

  it("refuses a key file that group or others can access, naming the mode and the fix", async () => {
    const dataDir = join(root, "loose");
    await loadMasterKey({ dataDir, env: {} });
    const path = join(dataDir, MASTER_KEY_FILE_NAME);
    for (const mode of [0o640, 0o604, 0o644, 0o620]) {
      await chmod(path, mode);
      await assert.rejects(
        loadMasterKey({ dataDir, env: {} }),
        (error: unknown) =>
          isPkiError("INVALID_MASTER_KEY")(error) &&
          (error as Error).message.includes(`mode 0${mode.toString(8)}`) &&
          (error as Error).message.includes("chmod 600"),
      );
    }
    await chmod(path, 0o400);
    assert.equal((await loadMasterKey({ dataDir, env: {} })).source, "file-existing");
  });

  it("refuses a key file with bad content without echoing it", async () => {
    const dataDir = join(root, "garbage");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(dataDir);
    const secretLooking = Buffer.alloc(20, 9).toString("base64");
    await writeFile(join(dataDir, MASTER_KEY_FILE_NAME), secretLooking, { mode: 0o600 });
    await assert.rejects(
      loadMasterKey({ dataDir, env: {} }),
      (error: unknown) =>
        isPkiError("INVALID_MASTER_KEY")(error) &&
        /20 bytes/.test((error as Error).message) &&
        !(error as Error).message.includes(secretLooking),
    );
  });
});

describe("MasterKey", () => {
  it("never shows its bytes through inspect, JSON or string conversion", () => {
    const key = MasterKey.random();
    const base64 = key.toBase64();
    const hex = key.exposeBytes().toString("hex");
    for (const text of [inspect(key), JSON.stringify({ key }), String(key), inspect({ nested: { key } })]) {
      assert.ok(!text.includes(base64) && !text.includes(hex), text);
      assert.match(text, /MasterKey\(file-created\)/);
    }
  });
});
