/**
 * Diagnostics the gateway answers itself: `ping`, `buildInfo`, `whatsmyuri`, `getParameter` and
 * `getLog` (the last two only reach here when authorization allowed them).
 */
import { Double, Int32, type Document } from "bson";
import type { CommandHandler } from "../cluster-runtime.js";
import { BackendError } from "../../backends/backend-error.js";
import { MAX_WIRE_VERSION } from "./hello-command.js";

/** The MongoDB release whose behaviour the gateway reproduces (wire version 21). */
export const COMPATIBLE_VERSION = "7.0.0";

/** `ping`. */
export const pingCommand: CommandHandler = () => ({ ok: new Double(1) });

/** `buildInfo` / `buildinfo`: the fields drivers and mongosh read. */
export const buildInfoCommand: CommandHandler = () => ({
  version: COMPATIBLE_VERSION,
  gitVersion: "certgate",
  versionArray: [7, 0, 0, 0].map((n) => new Int32(n)),
  bits: new Int32(64),
  debug: false,
  maxBsonObjectSize: new Int32(16777216),
  storageEngines: ["certgate"],
  javascriptEngine: "none",
  modules: [],
  openssl: { running: "node" },
  ok: new Double(1),
});

/** `whatsmyuri`: the client's address. */
export const whatsMyUriCommand: CommandHandler = (call) => ({ you: call.conn.remote, ok: new Double(1) });

/** The parameters `getParameter` reports. */
const PARAMETERS: Readonly<Record<string, Document | string | number>> = {
  featureCompatibilityVersion: { version: "7.0" },
  authenticationMechanisms: "MONGODB-X509",
  maxWireVersion: MAX_WIRE_VERSION,
};

/** `getParameter`: the requested known parameters; `"*"` lists them all. */
export const getParameterCommand: CommandHandler = (call) => {
  const all = call.body.getParameter === "*";
  const reply: Document = {};
  for (const [name, value] of Object.entries(PARAMETERS)) {
    if (all || call.body[name] !== undefined) reply[name] = name === "authenticationMechanisms" ? [value] : value;
  }
  if (Object.keys(reply).length === 0) throw new BackendError("InvalidOptions", "no option found to get");
  reply.ok = new Double(1);
  return reply;
};

/** `getLog`: the gateway keeps no log in memory, so every log is empty. */
export const getLogCommand: CommandHandler = (call) => {
  if (call.body.getLog === "*") return { names: ["global", "startupWarnings"], ok: new Double(1) };
  return { totalLinesWritten: new Int32(0), log: [], ok: new Double(1) };
};
