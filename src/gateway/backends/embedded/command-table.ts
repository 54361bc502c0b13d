import type { BackendCommandName } from "../backend.js";
import { aggregate } from "./commands/aggregate.js";
import type { CommandHandler } from "./commands/command-env.js";
import { create, drop, renameCollection } from "./commands/collections.js";
import { collMod, dataSize, validate } from "./commands/collection-admin.js";
import { count, distinct } from "./commands/count-distinct.js";
import { explain } from "./commands/explain.js";
import { searchIndexCommand } from "./commands/search-indexes.js";
import { currentOp, hostInfo, serverStatus } from "./commands/server-status.js";
import { getMore, killCursors } from "./commands/cursors.js";
import { dropDatabase, listDatabases } from "./commands/databases.js";
import { deleteCommand } from "./commands/delete.js";
import { find } from "./commands/find.js";
import { findAndModify } from "./commands/find-and-modify.js";
import { createIndexes, dropIndexes, listIndexes } from "./commands/indexes.js";
import { insert } from "./commands/insert.js";
import { listCollections } from "./commands/list-collections.js";
import { endSessions } from "./commands/sessions.js";
import { collStats, dbStats } from "./commands/stats.js";
import { abortTransaction, commitTransaction } from "./commands/transactions.js";
import { update } from "./commands/update.js";

/** Every backend command's embedded implementation, sorted by name; the type makes it complete. */
export const EMBEDDED_COMMANDS: Readonly<Record<BackendCommandName, CommandHandler>> = {
  abortTransaction,
  aggregate,
  collMod,
  collStats,
  commitTransaction,
  count,
  create,
  createIndexes,
  createSearchIndexes: searchIndexCommand,
  currentOp,
  dataSize,
  dbStats,
  delete: deleteCommand,
  distinct,
  drop,
  dropDatabase,
  dropIndexes,
  dropSearchIndex: searchIndexCommand,
  endSessions,
  explain,
  find,
  findAndModify,
  getMore,
  hostInfo,
  insert,
  killCursors,
  listCollections,
  listDatabases,
  listIndexes,
  renameCollection,
  serverStatus,
  update,
  updateSearchIndex: searchIndexCommand,
  validate,
};
