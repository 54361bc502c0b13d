import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CaSignerCache } from "./ca-signer-cache.js";
import { createManagedCa, type ManagedCaRecord } from "./managed-ca.js";
import { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";

describe("CaSignerCache", () => {
  const masterKey = MasterKey.random();
  let first: ManagedCaRecord;
  let second: ManagedCaRecord;
  before(async () => {
    [first, second] = await Promise.all([
      createManagedCa({ caId: "a", projectId: "p", masterKey, keyAlgorithm: "EC_P256" }),
      createManagedCa({ caId: "b", projectId: "p", masterKey, keyAlgorithm: "EC_P256", generation: 2 }),
    ]);
  });

  it("opens a CA once and hands the same signer back while the record is unchanged", async () => {
    const cache = new CaSignerCache();
    const [one, two] = await Promise.all([cache.get(first, masterKey, "a"), cache.get(first, masterKey, "a")]);
    assert.equal(one, two);
    assert.equal(await cache.get({ ...first, sealedPrivateKey: Buffer.from(first.sealedPrivateKey) }, masterKey, "a"), one);
    assert.equal(cache.size, 1);
  });

  it("reopens when the record under the same id changes, and fails like an uncached open", async () => {
    const cache = new CaSignerCache();
    const original = await cache.get(first, masterKey, "a");
    await assert.rejects(cache.get(second, masterKey, "a"), (error: unknown) => error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED");
    assert.equal(cache.size, 0, "a failed open is not kept");
    assert.notEqual(await cache.get(first, masterKey, "a"), original);
    await assert.rejects(cache.get(first, MasterKey.random(), "a"), (error: unknown) => error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED");
  });

  it("keeps at most maxEntries CAs, dropping the least recently used", async () => {
    const cache = new CaSignerCache(1);
    const a = await cache.get(first, masterKey, "a");
    await cache.get(second, masterKey, "b");
    assert.equal(cache.size, 1);
    assert.notEqual(await cache.get(first, masterKey, "a"), a);
    cache.forget();
    assert.equal(cache.size, 0);
    assert.throws(() => new CaSignerCache(0), PkiError);
  });
});
