/**
 * Node driver clients that authenticate to a test gateway with MONGODB-X509, one connection each so
 * a test knows which connection a command used, and the refusal a test expects from one of them.
 */
import assert from "node:assert/strict";
import { MongoClient, MongoServerError } from "mongodb";

/** Makes clients for one gateway and closes them all at the end. */
export class X509DriverClients {
  readonly #clients: MongoClient[] = [];

  constructor(
    private readonly port: () => number,
    private readonly serverCaFile: () => string,
  ) {}

  /** A client presenting `certFile`, with one pooled connection. */
  client(certFile: string, selectionMs = 3000): MongoClient {
    const uri = `mongodb://localhost:${this.port()}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=${selectionMs}&maxPoolSize=1`;
    const c = new MongoClient(uri, { tlsCAFile: this.serverCaFile(), tlsCertificateKeyFile: certFile });
    this.#clients.push(c);
    return c;
  }

  /** Closes `c` with the others at the end. */
  track(c: MongoClient): MongoClient {
    this.#clients.push(c);
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#clients.map((c) => c.close(true).catch(() => undefined)));
  }
}

/** The server error `promise` fails with; fails the test when it succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MongoServerError) return error;
    throw error;
  }
  assert.fail("the operation was allowed");
}
