/**
 * What `certgate init` and the first `certgate start` print about the organization, project, API key
 * and first web UI owner they created. The private key and the owner's password go to stdout (never to
 * the log) and to the first-run credentials file (`first-run-credentials.ts`).
 */
import type { BootstrapResult } from "../core/index.js";
import type { FirstOwner } from "./first-owner.js";

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
  /** The first owner's web UI sign-in, when one was created. */
  ownerEmail?: string;
  ownerPassword?: string;
}

/** The server URL clients should use, from the listening address or the configured public URL. */
export function displayServerUrl(host: string, port: number, publicUrl: string | undefined, tls = false): string {
  if (publicUrl) return publicUrl;
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return `${tls ? "https" : "http"}://${shown}:${port}`;
}

/** The JSON report of a fresh initialization. */
export function bootstrapJson(result: BootstrapResult, serverUrl: string, owner?: FirstOwner): BootstrapJson {
  return {
    orgId: result.orgId,
    projectId: result.projectId,
    publicKey: result.publicKey ?? "",
    privateKey: result.privateKey ?? "",
    apiBaseUrl: `${serverUrl}/api/atlas/v1.0`,
    serverUrl,
    ...(owner ? { ownerEmail: owner.email, ownerPassword: owner.password } : {}),
  };
}

/** The lines about the web UI's first owner (also printed alone by a `start` that adds one to an older store). */
export function ownerText(owner: FirstOwner, serverUrl: string): string {
  return [
    `  web UI          : ${serverUrl}/`,
    `  owner email     : ${owner.email}`,
    `  owner password  : ${owner.password}`,
    "",
    "The owner's password is printed only now (a copy stays in the data directory's initial-credentials.txt until you",
    "delete it): sign in to the web UI with it (Organization Owner).",
    "",
  ].join("\n");
}

/** The human-readable report of a fresh initialization; `running` when the server already listens. */
export function bootstrapText(result: BootstrapResult, serverUrl: string, dataDir: string, running = false, owner?: FirstOwner): string {
  const j = bootstrapJson(result, serverUrl);
  const text = [
    `certgate initialized in ${dataDir}`,
    `  organization id : ${j.orgId}`,
    `  project id      : ${j.projectId}  ("Project0")`,
    `  API public key  : ${j.publicKey}`,
    `  API private key : ${j.privateKey}`,
    `  API base URL    : ${j.apiBaseUrl}`,
    "",
    `The private key is printed only now; a copy stays in ${dataDir}/initial-credentials.txt (mode 0600) until you`,
    "delete it. Store it safely: it has the Organization Owner role.",
    running ? "Try it:" : "Try it once `certgate start` runs:",
    `  curl --digest --user "${j.publicKey}:${j.privateKey}" "${j.apiBaseUrl}/groups/${j.projectId}/databaseUsers?pretty=true"`,
    "",
  ].join("\n");
  return owner ? `${text}\n${ownerText(owner, serverUrl)}` : text;
}
