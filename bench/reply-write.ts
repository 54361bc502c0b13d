/**
 * What handing a large reply to clients that don't read costs the gateway's thread: eight fresh mutual-TLS
 * connections whose clients never read each get one 4 MB reply at once, written whole (one
 * `socket.write`, as the gateway did before) or with the gateway's `writeInSlices` (256 KiB at a time,
 * the next only once the kernel took the previous one and a turn has passed). Measured in the same run,
 * rounds alternating: the longest event-loop stall while the replies are handed over (the turn that
 * starts the writes, or the longest one `monitorEventLoopDelay` saw after it), the process CPU
 * in that time, and the CPU of the synchronous write calls themselves.
 *
 * The clients are in this process but paused: after the first 16 KiB they read nothing, so the work
 * measured is the server side's (TLS encryption, the kernel taking the bytes, memory for both).
 *
 * Run: `node dist/bench/reply-write.js` (after `npx tsc -p .`). `BENCH_REPLY_WRITE_ROUNDS` (default 5).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import tls from "node:tls";
import { writeInSlices } from "../src/gateway/server/sliced-write.js";
import { makeBenchPki } from "./support/bench-pki.js";

const ROUNDS = Number(process.env.BENCH_REPLY_WRITE_ROUNDS ?? "5");
const CONNECTIONS = 8;
const REPLY_BYTES = 4 * 1024 * 1024;
const SETTLE_MS = 1500;

type Method = "whole" | "sliced";
interface Round {
  maxStallMs: number;
  cpuMs: number;
  syncWriteCpuMs: number;
}

const dir = mkdtempSync(join(tmpdir(), "certgate-reply-write-"));
const pki = makeBenchPki(dir);
const accepted: tls.TLSSocket[] = [];
let onAccepted: (() => void) | undefined;
const server = tls.createServer({ cert: readFileSync(pki.serverCertFile), key: readFileSync(pki.serverKeyFile) }, (socket) => {
  socket.on("error", () => undefined);
  accepted.push(socket);
  onAccepted?.();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;
const ca = readFileSync(pki.root.certPath);

async function stalledConnections(): Promise<{ server: tls.TLSSocket[]; clients: tls.TLSSocket[] }> {
  accepted.length = 0;
  const all = new Promise<void>((resolve) => (onAccepted = () => accepted.length === CONNECTIONS && resolve()));
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, () => new Promise<tls.TLSSocket>((resolve, reject) => {
      const client = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca }, () => resolve(client));
      client.once("error", reject);
      client.pause();
    })),
  );
  await all;
  return { server: [...accepted], clients };
}

async function round(method: Method): Promise<Round> {
  const { server: sockets, clients } = await stalledConnections();
  const replies = sockets.map(() => Buffer.alloc(REPLY_BYTES, 0x61));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const [i, socket] of sockets.entries()) {
    const reply = replies[i] as Buffer;
    if (method === "whole") socket.write(reply);
    else void writeInSlices(socket, reply);
  }
  // One turn of the event loop, which the delay monitor can't see (it has no sample before it).
  const firstTurnMs = performance.now() - started;
  const sync = process.cpuUsage(cpuBefore);
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const cpu = process.cpuUsage(cpuBefore);
  delay.disable();
  for (const socket of [...sockets, ...clients]) socket.destroy();
  return { maxStallMs: Math.max(firstTurnMs, delay.max / 1e6), cpuMs: (cpu.user + cpu.system) / 1000, syncWriteCpuMs: (sync.user + sync.system) / 1000 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const results: Record<Method, Round[]> = { whole: [], sliced: [] };
await round("whole"); // warm-up: TLS, JIT
await round("sliced");
for (let i = 0; i < ROUNDS; i++) {
  for (const method of i % 2 === 0 ? (["whole", "sliced"] as const) : (["sliced", "whole"] as const)) results[method].push(await round(method));
}
server.close();
rmSync(dir, { recursive: true, force: true });

console.log(`${CONNECTIONS} stalled mutual-TLS connections, one ${REPLY_BYTES / 1024 / 1024} MB reply each, ${ROUNDS} rounds per method (medians; ranges in brackets)`);
console.log("method | longest event-loop stall ms | process CPU in the next 1.5 s, ms | CPU of the write calls, ms");
const range = (values: number[]): string => `${median(values).toFixed(1)} [${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}]`;
for (const method of ["whole", "sliced"] as const) {
  const r = results[method];
  console.log(`${method.padEnd(6)} | ${range(r.map((x) => x.maxStallMs))} | ${range(r.map((x) => x.cpuMs))} | ${range(r.map((x) => x.syncWriteCpuMs))}`);
}
const ratio = (pick: (r: Round) => number): string => (median(results.sliced.map(pick)) / median(results.whole.map(pick))).toFixed(2);
console.log(`sliced ÷ whole: longest stall ${ratio((r) => r.maxStallMs)}x, CPU ${ratio((r) => r.cpuMs)}x`);
