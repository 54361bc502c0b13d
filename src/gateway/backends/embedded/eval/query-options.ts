import type { Document } from "bson";
import type { Options } from "mingo/types";

/** Resolves a collection name to its documents in evaluation form (for `$lookup`, `$graphLookup`, `$unionWith`). */
export type CollectionLoader = (name: string) => Document[];

/**
 * The query engine's options as every command uses them.
 * - Scripts are off: `$where`, `$function` and `$accumulator` would run client code in the server.
 * - Strict mode keeps MongoDB's semantics (`$type` names, `$elemMatch` projection).
 */
export function queryOptions(loader?: CollectionLoader): Partial<Options> {
  return {
    scriptEnabled: false,
    useStrictMode: true,
    ...(loader ? { collectionResolver: loader } : {}),
  };
}
