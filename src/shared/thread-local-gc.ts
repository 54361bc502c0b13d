/**
 * Garbage collection on each thread's own time. By default V8 hands much of an isolate's collection
 * (concurrent marking, parallel scavenges, sweeping) to a pool of helper threads shared by the whole
 * process, which run at the process's own priority. An embedded cluster's worker that churns through
 * memory (a runaway join) would then take CPU from the main thread and the other tenants through those
 * helpers, whatever the priority of its own thread. With this flag each isolate collects on its own
 * thread, so a worker's garbage is paid for at that worker's priority. Isolates created after the call
 * (every cluster's worker) collect this way; it must run before the first worker starts.
 */
import { setFlagsFromString } from "node:v8";

export function collectGarbageOnOwnThread(): void {
  setFlagsFromString("--single-threaded-gc");
}
