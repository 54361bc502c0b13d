/** Every migration by name; names sort in apply order (zero-padded). */
import type { Migration } from "kysely";
import { migration0001Init } from "./0001_init.js";

/** The migrations, keyed by their recorded name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_init": migration0001Init,
};
