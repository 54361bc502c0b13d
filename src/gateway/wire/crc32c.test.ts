import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32c } from "./crc32c.js";

// Check values from RFC 3720 appendix B.4 (iSCSI) and the common "123456789" check string.
const VECTORS: Array<{ name: string; data: Buffer; crc: number }> = [
  { name: "empty input", data: Buffer.alloc(0), crc: 0x00000000 },
  { name: '"123456789"', data: Buffer.from("123456789", "ascii"), crc: 0xe3069283 },
  { name: "32 zero bytes", data: Buffer.alloc(32, 0x00), crc: 0x8a9136aa },
  { name: "32 bytes of 0xff", data: Buffer.alloc(32, 0xff), crc: 0x62a8ab43 },
  { name: "bytes 0x00..0x1f ascending", data: Buffer.from(Array.from({ length: 32 }, (_, i) => i)), crc: 0x46dd794e },
  { name: "bytes 0x1f..0x00 descending", data: Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i)), crc: 0x113fdb5c },
];

for (const vector of VECTORS) {
  test(`crc32c of ${vector.name}`, () => {
    assert.equal(crc32c(vector.data), vector.crc);
  });
}

test("crc32c can be continued across buffers", () => {
  const whole = Buffer.from("The quick brown fox jumps over the lazy dog", "ascii");
  const split = crc32c(whole.subarray(10), crc32c(whole.subarray(0, 10)));
  assert.equal(split, crc32c(whole));
  assert.equal(crc32c(whole), 0x22620404);
});
