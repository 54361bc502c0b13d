/**
 * Queries of a fixed shape whose SQL is built and compiled once per dialect, then run with new values.
 *
 * Kysely builds an immutable operation tree for every query and compiles it to SQL again each time:
 * on the Admin API's hottest paths (digest authentication, issuing a certificate) that costs more of
 * the main thread than SQLite's work itself. A query made here is built once with a marker in place of
 * each argument; the compiled SQL is kept with the position of every marker among its parameters, and
 * each run passes the same SQL with the markers replaced by that run's values. Queries still run
 * through Kysely's executor (its connection, transaction and query log), so a transaction's `tx` works
 * as the store's `db` does.
 *
 * A builder must pass every argument through as a value (never inspect it, branch on it or embed it in
 * SQL text); the first compile checks that each marker reached the parameters as it was given.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema.js";

/** The compiled SQL of one dialect, and where each argument goes among its parameters. */
interface Template {
  readonly compiled: CompiledQuery;
  /** For each parameter: the index of the argument it takes, or -1 for a constant of the query. */
  readonly slots: readonly number[];
}

const marker = (index: number): string => `\u0000certgate-argument-${index}\u0000`;

function templateOf<A extends readonly unknown[]>(db: Kysely<Database>, build: (db: Kysely<Database>, ...args: A) => Compilable<unknown>, arity: number): Template {
  const markers = Array.from({ length: arity }, (_, index) => marker(index));
  const compiled = build(db, ...(markers as unknown as A)).compile();
  const slots = compiled.parameters.map((parameter) => (typeof parameter === "string" ? markers.indexOf(parameter) : -1));
  for (let index = 0; index < arity; index += 1) {
    if (!slots.includes(index)) throw new Error(`argument ${index} of a compiled-once query did not become a parameter: ${compiled.sql}`);
  }
  if (compiled.sql.includes("\u0000")) throw new Error(`an argument of a compiled-once query was written into its SQL: ${compiled.sql}`);
  return { compiled, slots };
}

/**
 * Makes a query runner from `build`, which takes `arity` arguments (see the module comment for what
 * it may do with them). The runner answers Kysely's result: rows for a select or `returning`,
 * `numAffectedRows` for a write.
 */
export function compiledOnce<A extends readonly unknown[], R>(
  arity: A["length"],
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  // Keyed by the dialect's adapter, which a store and all its transactions share.
  const templates = new WeakMap<object, Template>();
  return async (db, ...args) => {
    const executor = db.getExecutor();
    let template = templates.get(executor.adapter);
    if (template === undefined) {
      template = templateOf(db, build, arity);
      templates.set(executor.adapter, template);
    }
    const { compiled, slots } = template;
    const parameters = slots.map((slot, position) => (slot === -1 ? compiled.parameters[position] : args[slot]));
    return await db.executeQuery<R>({ ...compiled, parameters });
  };
}
