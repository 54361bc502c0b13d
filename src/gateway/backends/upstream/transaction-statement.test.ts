import { test } from "node:test";
import assert from "node:assert/strict";
import { Int32, Long, UUID } from "bson";
import { linkFailureLabels, transactionStatement } from "./transaction-statement.js";

const lsid = { id: new UUID().toBinary() };

test("a command's place in its session's transaction is read from txnNumber, autocommit and startTransaction", () => {
  const txn = { lsid, txnNumber: Long.fromNumber(4), autocommit: false };
  assert.deepEqual(transactionStatement({ insert: "c", ...txn, startTransaction: true }), { txnNumber: "4", role: "start" });
  assert.deepEqual(transactionStatement({ find: "c", ...txn }), { txnNumber: "4", role: "continue" });
  assert.deepEqual(transactionStatement({ getMore: Long.fromNumber(9), collection: "c", ...txn }), { txnNumber: "4", role: "continue" });
  assert.deepEqual(transactionStatement({ commitTransaction: new Int32(1), ...txn }), { txnNumber: "4", role: "end" });
  assert.deepEqual(transactionStatement({ abortTransaction: 1, ...txn }), { txnNumber: "4", role: "end" });
  assert.equal(transactionStatement({ insert: "c", lsid, txnNumber: Long.fromNumber(4) }), undefined, "a retryable write is no transaction");
  assert.equal(transactionStatement({ find: "c", lsid }), undefined);
  assert.equal(transactionStatement({ find: "c", lsid, autocommit: false, txnNumber: "4" }), undefined, "a txnNumber that is no integer opens nothing");
});

test("link failures carry mongos's labels: TransientTransactionError inside a transaction, RetryableWriteError on commit/abort and retryable writes", () => {
  const txn = { lsid, txnNumber: Long.fromNumber(2), autocommit: false };
  assert.deepEqual(linkFailureLabels({ insert: "c", ...txn, startTransaction: true }), ["TransientTransactionError"]);
  assert.deepEqual(linkFailureLabels({ update: "c", ...txn }), ["TransientTransactionError"]);
  assert.deepEqual(linkFailureLabels({ commitTransaction: 1, ...txn }), ["RetryableWriteError"]);
  assert.deepEqual(linkFailureLabels({ abortTransaction: 1, ...txn }), ["RetryableWriteError"]);
  assert.deepEqual(linkFailureLabels({ insert: "c", lsid, txnNumber: Long.fromNumber(2) }), ["RetryableWriteError"]);
  assert.deepEqual(linkFailureLabels({ find: "c", lsid }), []);
  assert.deepEqual(linkFailureLabels({ commitTransaction: 1 }), []);
});
