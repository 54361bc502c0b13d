/**
 * A PostgreSQL server for tests.
 *
 * With `CERTGATE_TEST_PG_URL` set, that server is used. Otherwise a throwaway cluster is created from
 * Debian's binaries (`initdb` + `pg_ctl`) in a temporary directory, listening on a free loopback port,
 * run as the `postgres` OS user (PostgreSQL refuses to run as root), and removed when stopped or when
 * the process exits. Either way every `createDatabase()` gives a fresh, empty database.
 *
 * A server that cannot be started throws: tests that need it fail, they never skip.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** A running server that hands out fresh databases. */
export interface TestPostgres {
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  /** Drops the databases it created and stops the server if it started one. */
  stop(): Promise<void>;
}

/** Starts (or connects to) the test server. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.CERTGATE_TEST_PG_URL;
  if (external !== undefined && external !== "") return serverAt(external, () => undefined);
  const cluster = await startThrowawayCluster();
  return serverAt(cluster.url, cluster.stop);
}

function serverAt(adminUrl: string, stopServer: () => void): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase() {
      const name = `certgate_test_${randomBytes(6).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      try {
        await admin(async (c) => {
          for (const name of created.splice(0)) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        });
      } finally {
        stopServer();
      }
    },
  };
}

function findBinDir(): string {
  const root = "/usr/lib/postgresql";
  let versions: string[];
  try {
    versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  } catch {
    throw new Error(`PostgreSQL is not installed (${root} is missing); install Debian's postgresql package or set CERTGATE_TEST_PG_URL`);
  }
  if (versions.length === 0) throw new Error(`no PostgreSQL version under ${root}`);
  return join(root, versions[0] as string, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runAsPostgres(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  const result = spawnSync(command as string, rest, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${args.join(" ")} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`);
  }
}

function postgresIds(): { uid: number; gid: number } {
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0 || gid.status !== 0) throw new Error("the postgres OS user does not exist");
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function startThrowawayCluster(): Promise<{ url: string; stop: () => void }> {
  const bin = findBinDir();
  const dir = mkdtempSync(join(tmpdir(), "certgate-pg-"));
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  const port = await freePort();
  let running = false;
  const stop = (): void => {
    if (running) {
      running = false;
      try {
        runAsPostgres([join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // The server may already be gone; the directory is removed either way.
      }
    }
    rmSync(dir, { recursive: true, force: true });
    process.off("exit", stop);
  };
  process.on("exit", stop);
  try {
    runAsPostgres([join(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    runAsPostgres([join(bin, "pg_ctl"), "-D", data, "-o", options, "-l", join(dir, "server.log"), "-w", "-t", "30", "start"]);
    running = true;
  } catch (error) {
    stop();
    throw new Error(`could not start a throwaway PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
