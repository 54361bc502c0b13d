/** Every migration by name; names sort in apply order (zero-padded). */
import type { Migration } from "kysely";
import { migration0001Init } from "./0001_init.js";
import { migration0002ListIndexes } from "./0002_list_indexes.js";

/** The migrations, keyed by their recorded name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_init": migration0001Init,
  "0002_list_indexes": migration0002ListIndexes,
};
