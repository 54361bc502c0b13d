/**
 * A real `certgate start` for the data-plane tests: the built CLI in a child process over a fresh
 * data directory (EC P-256 keys so issuing stays cheap), reached through its Admin API with HTTP
 * Digest, with helpers for the calls the tests make (clusters, users, certificates, customer CAs).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { digestJson, digestRequest, type ApiKeyPair } from "../../api/digest-client.js";

const MAIN = resolve("dist/src/cli/main.js");

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
  stop(): Promise<void>;
}

/**
 * Starts certgate with gateway ports `ports` (`first-last`) and any extra environment variables.
 * Test files run in parallel, so each takes a range of its own (27200-27289 are taken by
 * test/gateway, test/ldap and bench/gateway.ts; grep for `startCertgate(` and `ports:` first).
 */
export async function startCertgate(ports: string, extraEnv: Record<string, string> = {}, dir = mkdtempSync(join(tmpdir(), "certgate-gw-"))): Promise<CertgateProcess> {
  const dataDir = join(dir, "data");
  const env = {
    ...process.env,
    CERTGATE_USER_KEY_ALGORITHM: "EC_P256",
    CERTGATE_CA_KEY_ALGORITHM: "EC_P256",
    CERTGATE_MASTER_KEY: "",
    CERTGATE_GATEWAY_PORTS: ports,
    CERTGATE_LOG_LEVEL: "info",
    ...extraEnv,
  };
  const init = spawnSync(process.execPath, [MAIN, "init", "--data-dir", dataDir, "--json"], { encoding: "utf8", env, timeout: 60_000 });
  if (init.status !== 0) throw new Error(`certgate init failed: ${init.stderr}`);
  const boot = JSON.parse(init.stdout) as { projectId: string; publicKey: string; privateKey: string };
  const caFile = join(dataDir, "server-ca.pem");
  const serverCaAfterInit = existsSync(caFile) ? readFileSync(caFile, "utf8") : undefined;
  const child: ChildProcess = spawn(process.execPath, [MAIN, "start", "--data-dir", dataDir, "--port", "0"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`certgate start did not listen within 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.includes('"msg":"certgate listening"'));
      if (line) {
        clearTimeout(timer);
        resolveUrl((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`certgate start exited with ${code}:\n${out}`));
    });
  });
  const key = { publicKey: boot.publicKey, privateKey: boot.privateKey };
  const api = `${url}/api/atlas/v1.0`;
  const group = `${api}/groups/${boot.projectId}`;

  const call = async (method: string, path: string, body?: unknown, expected?: number): Promise<unknown> => {
    const result = await digestJson(`${group}${path}`, key, { method, ...(body === undefined ? {} : { body }) });
    const ok = expected === undefined ? result.status >= 200 && result.status < 300 : result.status === expected;
    if (!ok) throw new Error(`${method} ${path} answered ${result.status}: ${result.result.body}`);
    return result.json;
  };

  return {
    dir,
    dataDir,
    serverCaFile: caFile,
    serverCaAfterInit,
    api,
    projectId: boot.projectId,
    key,
    output: () => out,
    call,
    async createCluster(name) {
      await call("POST", "/clusters", { name }, 201);
      const deadline = Date.now() + 10_000;
      for (;;) {
        const cluster = (await call("GET", `/clusters/${name}`)) as { stateName: string; connectionStrings?: { standard: string } };
        if (cluster.stateName === "IDLE" && cluster.connectionStrings) return Number(new URL(cluster.connectionStrings.standard).port);
        if (Date.now() > deadline) throw new Error(`cluster ${name} did not become IDLE:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
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
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
