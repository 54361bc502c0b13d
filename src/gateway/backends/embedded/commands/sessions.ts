import type { Binary, Document } from "bson";
import { sessionKey } from "../../backend.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { requiredArrayArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";

/**
 * `endSessions`: closes the caller's cursors opened in those sessions. Unknown sessions are
 * fine: mongod answers `ok: 1` for them too.
 */
export function endSessions(command: Document, env: CommandEnv): Document {
  for (const lsid of requiredArrayArg(command, "endSessions")) {
    if (isPlainDocument(lsid) && lsid["id"] !== undefined) {
      env.cursors.killSession(sessionKey(lsid as { id: Binary }), env.context.owner);
    }
  }
  return { ok: 1 };
}
