import { test } from "node:test";
import assert from "node:assert/strict";
import { CUSTOM_ROLE_ACTIONS, isActionType, serverActionFor } from "./index.js";

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
    // Atlas's name is singular, mongod's action plural.
    ["CREATE_SEARCH_INDEX", "createSearchIndexes"],
    ["OUT_TO_S3", null],
    ["OUT_TO_GCS", null],
    ["START_STREAM_PROCESSOR", null],
    ["LIST_CONNECTIONS", null],
    ["find", "find"],
    ["Find", undefined],
    ["FLY", undefined],
  ];
  for (const [input, expected] of cases) assert.equal(serverActionFor(input), expected, input);
  assert.ok(isActionType("changeStream"));
  assert.ok(!isActionType("CHANGE_STREAM"));
});

test("the API accepts 86 actions, each listed once", () => {
  assert.equal(CUSTOM_ROLE_ACTIONS.length, 86);
  assert.equal(new Set(CUSTOM_ROLE_ACTIONS).size, 86);
});
