import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PkiError } from "./pki-error.js";
import {
  MIN_SERIAL_NUMBER,
  SERIAL_NUMBER_LIMIT,
  generateSerialNumber,
  isInt64Serial,
  randomSerialNumber,
  serialNumberFromHex,
  serialNumberToDer,
  serialNumberToHex,
} from "./serial-number.js";

describe("serial numbers", () => {
  it("are positive, below 2^63 and always 8 DER bytes with the top bit clear", () => {
    const seen = new Set<bigint>();
    for (let i = 0; i < 2000; i += 1) {
      const serial = randomSerialNumber();
      assert.ok(serial >= MIN_SERIAL_NUMBER && serial < SERIAL_NUMBER_LIMIT, String(serial));
      assert.ok(isInt64Serial(serial));
      const der = serialNumberToDer(serial);
      assert.equal(der.length, 8);
      assert.equal((der[0] as number) & 0x80, 0);
      assert.notEqual(der[0], 0);
      seen.add(serial);
    }
    assert.equal(seen.size, 2000, "2000 draws from 2^63 values must not collide");
  });

  it("spread over every byte value, across many pages of drawn randomness", () => {
    const firstBytes = new Set<number>();
    const lastBytes = new Set<number>();
    for (let i = 0; i < 8000; i += 1) {
      const der = serialNumberToDer(randomSerialNumber());
      firstBytes.add(der[0] as number);
      lastBytes.add(der[7] as number);
    }
    // 127 possible first bytes (1 to 0x7f) and 256 last ones: 8000 uniform draws miss any one with odds below 1e-11.
    assert.equal(firstBytes.size, 127);
    assert.equal(lastBytes.size, 256);
  });

  it("exceed 2^53 most of the time, so they must never pass through a JS number", () => {
    const large = Array.from({ length: 200 }, randomSerialNumber).filter((s) => s > BigInt(Number.MAX_SAFE_INTEGER));
    assert.ok(large.length > 190, `${large.length} of 200`);
  });

  it("draw again while isTaken says the serial is used", async () => {
    const asked: bigint[] = [];
    const serial = await generateSerialNumber(async (candidate) => {
      asked.push(candidate);
      return asked.length < 3;
    });
    assert.equal(asked.length, 3);
    assert.equal(serial, asked[2]);
  });

  it("give up with SERIAL_EXHAUSTED when every draw is taken", async () => {
    let calls = 0;
    await assert.rejects(
      generateSerialNumber(() => {
        calls += 1;
        return true;
      }, 5),
      (error: unknown) => error instanceof PkiError && error.code === "SERIAL_EXHAUSTED",
    );
    assert.equal(calls, 5);
  });

  it("convert to and from hex and DER", () => {
    assert.equal(serialNumberToHex(0x1b6eba8348904a92n), "1b6eba8348904a92");
    assert.equal(serialNumberToHex(0xabcn), "0abc");
    assert.deepEqual(serialNumberToDer(0x80n), Buffer.from([0x00, 0x80]));
    assert.deepEqual(serialNumberToDer(0x7fn), Buffer.from([0x7f]));
    assert.equal(serialNumberFromHex("1B6EBA8348904A92"), 1976722359483124370n);
    assert.equal(serialNumberFromHex("1B:6E:BA:83:48:90:4A:92"), 1976722359483124370n);
    assert.equal(serialNumberFromHex("00FF"), 255n);
    assert.throws(() => serialNumberFromHex("xyz"), PkiError);
    assert.throws(() => serialNumberToHex(0n), PkiError);
    assert.equal(isInt64Serial(SERIAL_NUMBER_LIMIT), false);
    assert.equal(isInt64Serial(0n), false);
  });
});
