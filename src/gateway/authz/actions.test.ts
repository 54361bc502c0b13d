import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION, ACTION_TYPES, actionFromName, isActionType } from "./actions.js";

test("every action has a distinct bit index", () => {
  assert.equal(new Set(ACTION_TYPES).size, ACTION_TYPES.length);
  ACTION_TYPES.forEach((name, i) => assert.equal(ACTION[name], i));
});

test("Atlas custom-role action names map to mongod actions", () => {
  const cases: Array<[string, string | null | undefined]> = [
    ["FIND", "find"],
    ["COLL_STATS", "collStats"],
    ["IN_PROG", "inprog"],
    ["KILL_OP", "killop"],
    ["REPLSET_GET_STATUS", "replSetGetStatus"],
    ["DB_HASH", "dbHash"],
    ["USE_UUID", "useUUID"],
    ["RE_INDEX", "reIndex"],
    ["RENAME_COLLECTION_SAME_DB", "renameCollectionSameDB"],
    ["BYPASS_DEFAULT_MAX_TIME_MS", "bypassDefaultMaxTimeMS"],
    ["SET_USER_WRITE_BLOCK", "setUserWriteBlockMode"],
    ["BYPASS_USER_WRITE_BLOCK", "bypassWriteBlockingMode"],
    ["OUT_TO_S3", null],
    ["find", "find"],
    ["Find", undefined],
    ["FLY", undefined],
  ];
  for (const [input, expected] of cases) assert.equal(actionFromName(input), expected, input);
  assert.ok(isActionType("changeStream"));
  assert.ok(!isActionType("CHANGE_STREAM"));
});
