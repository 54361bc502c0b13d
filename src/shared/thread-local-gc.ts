/**
 * Garbage collection on each thread's own time. By default V8 hands much of an isolate's collection
 * (concurrent marking, parallel scavenges, sweeping) to a pool of helper threads shared by the whole
 * process, which run at the process's own priority. An embedded cluster's worker that churns through
 * memory (a runaway join) then takes CPU from the main thread and the other tenants through those
 * helpers, whatever the priority of its own thread. With V8's `--single-threaded-gc` each isolate
 * collects on its own thread, so a worker's garbage is paid for at that worker's priority.
 *
 * It must be on Node's command line: V8 can't change how a heap is collected once the process runs
 * (setting it from JavaScript crashes V8 when a marking cycle is under way). The `certgate` command's
 * `#!` line and `npm start` pass it.
 */
export const OWN_THREAD_GC_FLAG = "--single-threaded-gc";

/** Whether this process was started with {@link OWN_THREAD_GC_FLAG}. */
export function garbageCollectedOnOwnThread(execArgv: readonly string[] = process.execArgv): boolean {
  return execArgv.includes(OWN_THREAD_GC_FLAG);
}
