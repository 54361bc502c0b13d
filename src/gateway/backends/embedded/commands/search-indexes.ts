import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { SEARCH_NOT_ENABLED } from "./aggregate-sources.js";
import type { CommandEnv } from "./command-env.js";

/**
 * createSearchIndexes, updateSearchIndex, dropSearchIndex: the embedded backend has no search, so it
 * answers as a mongod without search index management does (SearchNotEnabled, 31082), the code
 * clients test to detect "no search".
 */
export function searchIndexCommand(_command: Document, _env: CommandEnv): Document {
  throw new BackendError("SearchNotEnabled", SEARCH_NOT_ENABLED);
}
