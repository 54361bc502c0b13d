import { arch, cpus, freemem, hostname, platform, release, totalmem, type as osType } from "node:os";
import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { currentOperation } from "./aggregate-sources.js";
import type { CommandEnv } from "./command-env.js";

const STARTED = Date.now();
const MB = 1024 * 1024;

/**
 * `serverStatus`: the process the embedded backend runs in (host, uptime, memory) and its storage
 * engine. Sections that mongod fills from subsystems the embedded backend doesn't have
 * (replication, sharding, WiredTiger, opcounters) are left out, as mongod leaves out the sections of
 * subsystems it doesn't run.
 */
export function serverStatus(_command: Document, _env: CommandEnv): Document {
  const uptimeMillis = Date.now() - STARTED;
  const memory = process.memoryUsage();
  return {
    host: hostname(),
    version: "7.0.0",
    process: "certgate",
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    uptimeEstimate: Math.floor(uptimeMillis / 1000),
    localTime: new Date(),
    mem: { bits: 64, resident: Math.round(memory.rss / MB), virtual: Math.round((memory.rss + memory.external) / MB), supported: true },
    storageEngine: { name: "certgate-embedded", supportsCommittedReads: false, persistent: true, backupCursorOpen: false },
    ok: 1,
  };
}

/** `hostInfo`: the machine the embedded backend runs on. */
export function hostInfo(_command: Document, _env: CommandEnv): Document {
  const cores = cpus();
  return {
    system: {
      currentTime: new Date(),
      hostname: hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(totalmem() / MB),
      memLimitMB: Math.round(totalmem() / MB),
      numCores: cores.length,
      cpuArch: arch(),
      numaEnabled: false,
    },
    os: { type: osType(), name: platform(), version: release() },
    extra: { versionString: `${osType()} ${release()}`, cpuString: cores[0]?.model ?? "", freeMemoryMB: Math.round(freemem() / MB), pageSize: 4096 },
    ok: 1,
  };
}

/**
 * `currentOp` (on admin): the embedded backend runs one command at a time, so the only operation
 * in progress when it answers is this command itself.
 */
export function currentOp(command: Document, env: CommandEnv): Document {
  if (env.context.db !== "admin") throw new BackendError("Unauthorized", "currentOp may only be run against the admin database.");
  return { inprog: [currentOperation(env, command, "admin.$cmd")], ok: 1 };
}
