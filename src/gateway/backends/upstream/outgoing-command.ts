/**
 * Builds the command the gateway sends upstream from the authorized, decoded command. It is
 * re-encoded from the decoded document, never copied from the client's bytes: BSON allows a key
 * twice, and what authorization checked is the decoded (last-wins) copy, so that copy is what runs.
 *
 * Top-level fields starting with `$` other than `$db` and `$readPreference` are dropped: they are
 * protocol internals (`$clusterTime`, `$audit`, `$impersonatedUser`, `$client`, ...) that a client
 * must not be able to assert with the gateway's upstream identity. The gateway gossips the newest
 * `$clusterTime` it has seen upstream itself, as a driver does. `lsid` is replaced by the session's
 * upstream lsid. The batch arrays of the write commands travel as OP_MSG document sequences, as
 * drivers send them, so a batch that fits the client's 48 MB message fits the upstream's too.
 */
import type { Document } from "bson";
import { setOwn } from "../../../shared/own-property.js";
import type { DocumentSequence } from "../../wire/index.js";

/** The field each write command carries its batch in. */
const SEQUENCE_FIELDS: Readonly<Record<string, string>> = { insert: "documents", update: "updates", delete: "deletes" };
const PASSED_DOLLAR_FIELDS = new Set(["$db", "$readPreference"]);

/** A command ready for {@link ConnectionPool.run}. */
export interface OutgoingCommand {
  body: Document;
  sequences: DocumentSequence[];
}

/**
 * Rewrites `command` for the upstream: `lsid` becomes `upstreamLsid` (or is dropped when
 * undefined), `$clusterTime` becomes the gateway's own, other internal `$` fields go.
 */
export function outgoingCommand(command: Document, upstreamLsid: Document | undefined, clusterTime: Document | undefined): OutgoingCommand {
  const name = Object.keys(command)[0] ?? "";
  const sequenceField = SEQUENCE_FIELDS[name];
  const body: Document = {};
  const sequences: DocumentSequence[] = [];
  for (const key of Object.keys(command)) {
    const value: unknown = command[key];
    if (key === "lsid") {
      if (upstreamLsid !== undefined) body.lsid = upstreamLsid;
    } else if (key.startsWith("$") && !PASSED_DOLLAR_FIELDS.has(key)) {
      continue;
    } else if (key === sequenceField && Array.isArray(value)) {
      sequences.push({ identifier: key, documents: value as Document[] });
    } else {
      setOwn(body, key, value);
    }
  }
  if (clusterTime !== undefined) body.$clusterTime = clusterTime;
  return { body, sequences };
}
