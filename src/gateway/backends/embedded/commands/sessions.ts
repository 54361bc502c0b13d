import type { Document } from "bson";
import { sessionKey } from "../../backend.js";
import { checkLogicalSessionId, ENDSESSIONS_CONTEXT } from "../../session-id.js";
import { requiredArrayArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";

/**
 * `endSessions`: closes the caller's cursors opened in those sessions. Unknown sessions are
 * fine: mongod answers `ok: 1` for them too.
 */
export function endSessions(command: Document, env: CommandEnv): Document {
  const listed = requiredArrayArg(command, "endSessions");
  for (const lsid of listed) checkLogicalSessionId(lsid, ENDSESSIONS_CONTEXT);
  for (const lsid of listed) env.cursors.killSession(sessionKey(lsid as Parameters<typeof sessionKey>[0]), env.context.owner);
  return { ok: 1 };
}
