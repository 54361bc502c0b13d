/**
 * Server-side time of each request on a Node HTTP server, seen from the raw server so that every
 * framework step counts: from the request's arrival to the answer's head (`writeHead`: routing,
 * hooks, authentication, the handler) and to its last byte handed to the socket (`finish`).
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";

/** One request's server-side times, ms. */
export interface ServerTime {
  path: string;
  untilHead: number;
  untilLastByte: number;
}

/** Records the times of every request `server` answers, until {@link ServerTimes.take} reads them. */
export class ServerTimes {
  #times: ServerTime[] = [];

  constructor(server: Server) {
    // Before the framework's own listener, so the clock starts when the request arrives.
    server.prependListener("request", (req: IncomingMessage, res: ServerResponse) => this.#watch(req, res));
  }

  /** The times recorded for requests whose path starts with `pathPrefix` since the last call (all are dropped). */
  take(pathPrefix: string): ServerTime[] {
    const taken = this.#times.filter((t) => t.path.startsWith(pathPrefix));
    this.#times = [];
    return taken;
  }

  #watch(req: IncomingMessage, res: ServerResponse): void {
    const start = performance.now();
    let head = NaN;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      head = performance.now() - start;
      return writeHead(...args);
    }) as ServerResponse["writeHead"];
    res.on("finish", () => {
      this.#times.push({ path: (req.url ?? "").split("?")[0] ?? "", untilHead: head, untilLastByte: performance.now() - start });
    });
  }
}
