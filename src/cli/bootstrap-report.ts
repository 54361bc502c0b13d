/**
 * What `certgate init` and the first `certgate start` print about the organization, project and API
 * key they created. This is the only time the private key is shown; it goes to stdout, never to the log.
 */
import type { BootstrapResult } from "../core/index.js";

/** `certgate init --json` output. */
export interface BootstrapJson {
  orgId: string;
  projectId: string;
  publicKey: string;
  privateKey: string;
  /** The Admin API root, as Atlas clients take it (`.../api/atlas/v1.0`). */
  apiBaseUrl: string;
  /** The server's base URL, the value of `CERTGATE_API_URL` for certgate's own CLI. */
  serverUrl: string;
}

/** The server URL clients should use, from the listening address or the configured public URL. */
export function displayServerUrl(host: string, port: number, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** The JSON report of a fresh initialization. */
export function bootstrapJson(result: BootstrapResult, serverUrl: string): BootstrapJson {
  return {
    orgId: result.orgId,
    projectId: result.projectId,
    publicKey: result.publicKey ?? "",
    privateKey: result.privateKey ?? "",
    apiBaseUrl: `${serverUrl}/api/atlas/v1.0`,
    serverUrl,
  };
}

/** The human-readable report of a fresh initialization; `running` when the server already listens. */
export function bootstrapText(result: BootstrapResult, serverUrl: string, dataDir: string, running = false): string {
  const j = bootstrapJson(result, serverUrl);
  return [
    `certgate initialized in ${dataDir}`,
    `  organization id : ${j.orgId}`,
    `  project id      : ${j.projectId}  ("Project 0")`,
    `  API public key  : ${j.publicKey}`,
    `  API private key : ${j.privateKey}`,
    `  API base URL    : ${j.apiBaseUrl}`,
    "",
    "The private key is shown only now: store it safely. It has the Organization Owner role.",
    running ? "Try it:" : "Try it once `certgate start` runs:",
    `  curl --digest --user "${j.publicKey}:${j.privateKey}" "${j.apiBaseUrl}/groups/${j.projectId}/databaseUsers?pretty=true"`,
    "",
  ].join("\n");
}
