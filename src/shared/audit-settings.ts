/**
 * The audit log's settings (`--audit-log`, `--audit-filter`, `--audit-authorization-success`), modelled
 * on mongod's `auditLog.destination`/`path`, `auditLog.filter` and `auditAuthorizationSuccess`.
 */
import { resolve } from "node:path";

/** Where audit messages go: stdout, or a file (absolute path). */
export type AuditDestination = { kind: "console" } | { kind: "file"; path: string };

/** The resolved audit settings. */
export interface AuditSettings {
  destination: AuditDestination;
  /** A MongoDB query document each message must match; undefined writes every message. */
  filter: Record<string, unknown> | undefined;
  /** Audit every authorized command too, not only authorization failures. */
  authorizationSuccess: boolean;
}

interface Picked {
  value: string;
  source: string;
}

/** Resolves the settings; undefined when no destination is set. `fail` builds the error to throw. */
export function parseAuditSettings(destination: Picked, filter: Picked, authorizationSuccess: Picked, cwd: string, fail: (message: string) => Error): AuditSettings | undefined {
  const where = destination.value.trim();
  const filterText = filter.value.trim();
  const successText = authorizationSuccess.value.trim().toLowerCase();
  if (successText !== "true" && successText !== "false") throw fail(`${authorizationSuccess.source} must be "true" or "false", got ${JSON.stringify(authorizationSuccess.value)}.`);
  if (where === "") {
    if (filterText !== "") throw fail(`${filter.source} needs an audit log: set --audit-log or CERTGATE_AUDIT_LOG.`);
    if (successText === "true") throw fail(`${authorizationSuccess.source} needs an audit log: set --audit-log or CERTGATE_AUDIT_LOG.`);
    return undefined;
  }
  return {
    destination: where === "console" || where === "stdout" ? { kind: "console" } : { kind: "file", path: resolve(cwd, where) },
    filter: filterText === "" ? undefined : parseFilter(filterText, filter.source, fail),
    authorizationSuccess: successText === "true",
  };
}

function parseFilter(text: string, source: string, fail: (message: string) => Error): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw fail(`${source} must be a JSON query document such as {"atype":"authenticate"}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw fail(`${source} must be a JSON object, got ${JSON.stringify(text)}.`);
  return parsed as Record<string, unknown>;
}
