import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { derSequence } from "./der.js";
import { encodePem } from "./pem-bundle.js";
import { derSequenceSliced, encodePemSliced } from "./sliced-encoding.js";

test("the sliced encodings write exactly what derSequence and encodePem do", async () => {
  for (const size of [1, 47, 48, 49, 95, 96, 97, 48 * 2048, 48 * 2048 + 1, 300_001]) {
    const der = randomBytes(size);
    assert.equal((await encodePemSliced("X509 CRL", der)).toString("latin1"), encodePem("X509 CRL", der), `${size} bytes`);
  }
  for (const count of [0, 1, 4999, 5000, 5001, 12_345]) {
    const parts = Array.from({ length: count }, (_, i) => randomBytes(1 + (i % 40)));
    assert.deepEqual(await derSequenceSliced(parts), derSequence(parts), `${count} parts`);
  }
});

test("the sliced encodings let other callbacks run before they finish", async () => {
  const der = randomBytes(48 * 2048 * 4);
  let ranBetween = false;
  setImmediate(() => {
    ranBetween = true;
  });
  const pem = encodePemSliced("X509 CRL", der).then((out) => ({ out, ranBetween }));
  assert.equal((await pem).ranBetween, true, "the PEM yielded to the event loop");
  ranBetween = false;
  setImmediate(() => {
    ranBetween = true;
  });
  const parts = Array.from({ length: 20_000 }, () => randomBytes(30));
  const sequence = derSequenceSliced(parts).then(() => ranBetween);
  assert.equal(await sequence, true, "the SEQUENCE yielded to the event loop");
});
