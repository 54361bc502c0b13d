import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Query } from "mingo";
import { BackendError, isBackendError } from "./backend-error.js";
import { BACKEND_COMMANDS, isBackendCommand } from "./backend.js";
import { ERROR_CODES } from "./error-codes.js";
import { errorReply, isInternalFailure } from "./error-reply.js";

describe("errorReply", () => {
  it("renders a BackendError with mongod's code, codeName and extra fields", () => {
    const err = new BackendError("DuplicateKey", "E11000 duplicate key error", { extra: { keyPattern: { a: 1 }, keyValue: { a: 2 } } });
    assert.deepEqual(errorReply(err), { ok: 0, errmsg: "E11000 duplicate key error", code: 11000, codeName: "DuplicateKey", keyPattern: { a: 1 }, keyValue: { a: 2 } });
    assert.ok(isBackendError(err, "DuplicateKey"));
    assert.ok(!isBackendError(err, "BadValue"));
  });

  it("renders the query engine's input errors as BadValue with their message", () => {
    let thrown: unknown;
    try {
      new Query({ a: { $nope: 1 } }, {});
    } catch (err) {
      thrown = err;
    }
    assert.deepEqual(errorReply(thrown), { ok: 0, errmsg: "unknown query operator $nope", code: 2, codeName: "BadValue" });
    assert.ok(!isInternalFailure(thrown));
  });

  it("hides anything else behind InternalError without leaking the cause", () => {
    const reply = errorReply(new Error("SQLITE_CORRUPT: database disk image is malformed at /secret/path"));
    assert.deepEqual(reply, { ok: 0, errmsg: "internal error while running the command", code: 1, codeName: "InternalError" });
    assert.ok(isInternalFailure("not even an Error"));
  });

  it("uses mongod's numbers for the codes it names", () => {
    assert.deepEqual(
      [ERROR_CODES.NamespaceNotFound, ERROR_CODES.CursorNotFound, ERROR_CODES.Unauthorized, ERROR_CODES.InvalidNamespace, ERROR_CODES.CommandNotFound, ERROR_CODES.FailedToParse],
      [26, 43, 13, 73, 59, 9],
    );
  });
});

describe("BACKEND_COMMANDS", () => {
  it("is sorted and recognised", () => {
    assert.deepEqual([...BACKEND_COMMANDS], [...BACKEND_COMMANDS].sort());
    assert.ok(isBackendCommand("find"));
    assert.ok(!isBackendCommand("hello"));
  });
});
