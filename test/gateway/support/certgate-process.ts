/**
 * A real `certgate start` for the data-plane tests: the built CLI in a child process over a fresh
 * data directory (EC P-256 keys so issuing stays cheap), reached through its Admin API with HTTP
 * Digest, with helpers for the calls the tests make (clusters, users, certificates, customer CAs).
 */
import { X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { digestJson, digestRequest, type ApiKeyPair } from "../../api/digest-client.js";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate } from "../../support/certgate-server.js";
import { eventually } from "./eventually.js";

/** The project-scoped helpers of {@link CertgateProcess}, for another project of the same organization. */
export type ProjectHelpers = Pick<CertgateProcess, "projectId" | "call" | "createCluster" | "createUser" | "issueCert">;

/** A running certgate and its API. */
export interface CertgateProcess {
  dir: string;
  dataDir: string;
  /** `<dataDir>/server-ca.pem`. */
  serverCaFile: string;
  /** What `certgate init` left in that file (start must keep using the same CA). */
  serverCaAfterInit: string | undefined;
  api: string;
  projectId: string;
  key: ApiKeyPair;
  /** The web UI owner's sign-in. */
  owner: { email: string; password: string };
  /** The `certgate start` process id. */
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** `path` below `/groups/{projectId}`; throws on an unexpected status. */
  call(method: string, path: string, body?: unknown, expected?: number): Promise<unknown>;
  /** Creates a cluster and waits until it accepts connections; returns its port. */
  createCluster(name: string): Promise<number>;
  /** Creates an `$external` user. */
  createUser(username: string, x509Type: "MANAGED" | "CUSTOMER", roles: Array<{ roleName: string; databaseName: string; collectionName?: string }>): Promise<void>;
  /** Issues a managed certificate and writes certificate + key to a file; returns the file and serial. */
  issueCert(username: string, file: string): Promise<{ file: string; serial: bigint }>;
  /** Creates another project in the organization and returns its helpers. */
  createProject(name: string): Promise<ProjectHelpers>;
  stop(): Promise<void>;
}

/**
 * Starts certgate with gateway ports `ports` (`first-last`), any extra environment variables and Node options.
 * Test files run in parallel, so each takes a range of its own (27200-27289 are taken by
 * test/gateway, test/ldap and bench/gateway.ts; grep for `startCertgate(` and `ports:` first).
 */
export async function startCertgate(
  ports: string,
  extraEnv: Record<string, string> = {},
  dir = mkdtempSync(join(tmpdir(), "certgate-gw-")),
  nodeArgs: string[] = [],
): Promise<CertgateProcess> {
  const dataDir = join(dir, "data");
  const env = {
    ...process.env,
    ...QUICK_KEYS_ENV,
    CERTGATE_GATEWAY_PORTS: ports,
    CERTGATE_LOG_LEVEL: "info",
    ...extraEnv,
  };
  const boot = certgateInit(dataDir, env);
  const caFile = join(dataDir, "server-ca.pem");
  const serverCaAfterInit = existsSync(caFile) ? readFileSync(caFile, "utf8") : undefined;
  const { child, url, output } = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0"], env, { nodeArgs });
  const key = { publicKey: boot.publicKey, privateKey: boot.privateKey };
  const api = `${url}/api/atlas/v1.0`;

  const helpersFor = (projectId: string): ProjectHelpers => {
    const group = `${api}/groups/${projectId}`;
    const call = async (method: string, path: string, body?: unknown, expected?: number): Promise<unknown> => {
      const result = await digestJson(`${group}${path}`, key, { method, ...(body === undefined ? {} : { body }) });
      const ok = expected === undefined ? result.status >= 200 && result.status < 300 : result.status === expected;
      if (!ok) throw new Error(`${method} ${path} answered ${result.status}: ${result.result.body}`);
      return result.json;
    };
    return {
      projectId,
      call,
      async createCluster(name) {
        await call("POST", "/clusters", { name }, 201);
        const { value: port } = await eventually(async () => {
          const cluster = (await call("GET", `/clusters/${name}`)) as { stateName: string; connectionStrings?: { standard: string } };
          if (cluster.stateName === "IDLE" && cluster.connectionStrings) return Number(new URL(cluster.connectionStrings.standard).port);
          throw new Error(`cluster ${name} did not become IDLE:\n${output()}`);
        }, 10_000);
        return port;
      },
      async createUser(username, x509Type, roles) {
        await call("POST", "/databaseUsers", { databaseName: "$external", username, x509Type, roles }, 201);
      },
      async issueCert(username, file) {
        const result = await digestRequest(`${group}/databaseUsers/${encodeURIComponent(username)}/certs`, key, { method: "POST", body: { monthsUntilExpiration: 1 } });
        if (result.status !== 201) throw new Error(`issuing a certificate to ${username} answered ${result.status}: ${result.body}`);
        const path = join(dir, file);
        writeFileSync(path, result.body, { mode: 0o600 });
        return { file: path, serial: BigInt(`0x${new X509Certificate(result.body).serialNumber}`) };
      },
    };
  };
  const first = helpersFor(boot.projectId);

  return {
    dir,
    dataDir,
    serverCaFile: caFile,
    serverCaAfterInit,
    api,
    key,
    owner: { email: boot.ownerEmail, password: boot.ownerPassword },
    pid: child.pid ?? 0,
    output,
    ...first,
    async createProject(name) {
      const project = (await first.call("GET", "")) as { orgId: string };
      const created = await digestJson(`${api}/groups`, key, { method: "POST", body: { name, orgId: project.orgId } });
      if (created.status !== 201 && created.status !== 200) throw new Error(`creating project ${name} answered ${created.status}: ${created.result.body}`);
      return helpersFor((created.json as { id: string }).id);
    },
    async stop() {
      await stopCertgate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
