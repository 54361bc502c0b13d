/**
 * User and role management. Their privilege rule refuses everyone before this runs (Atlas manages
 * database users through its API only); the handler refuses again so no path can reach a backend.
 */
import { notAuthorizedMessage, unauthorizedReply } from "../../authz/index.js";
import type { CommandHandler } from "../cluster-runtime.js";

/** Always Unauthorized (13), with mongod's message. */
export const refusedCommand: CommandHandler = (call) => unauthorizedReply(notAuthorizedMessage(call.db, call.body));
