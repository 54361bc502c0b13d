/**
 * The scale benchmark's server: what `certgate start` runs (core, Admin API, gateway), in this
 * process, so the benchmark can watch its event loop and call the alert pass directly.
 */
import type { FastifyInstance } from "fastify";
import { MongoClient } from "mongodb";
import { pino } from "pino";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildApiServer } from "../../src/api/app.js";
import { API_PREFIX, ApiClient } from "../../src/cli/api-client/api-client.js";
import { DigestClient } from "../../src/cli/api-client/digest-client.js";
import { createClusterService, type ClusterService } from "../../src/core/clusters.js";
import { createCore, type Actor, type Core } from "../../src/core/index.js";
import { Gateway } from "../../src/gateway/server/gateway.js";
import type { MasterKey } from "../../src/pki/master-key.js";
import { loadGatewayTls } from "../../src/server/gateway-tls.js";
import { openStore, type OpenStoreParams, type Store } from "../../src/store/index.js";
import { sendCounting, type CountedResponse } from "./counting-http.js";
import { ServerTimes } from "./server-times.js";

/** Gateway ports of the benchmark (run it in its own network namespace next to the tests). */
export const SCALE_GATEWAY_PORTS = { first: 27370, last: 27379 };

/** A started server. */
export interface ScaleServer {
  store: Store;
  core: Core;
  owner: Actor;
  clusters: ClusterService;
  gateway: Gateway;
  /** The CLI's API client (reads every body as text). */
  api: ApiClient;
  apiUrl: string;
  /** Server-side times of the API's requests. */
  times: ServerTimes;
  /** Signed GET of the bare route (no store, no work), read by the counting client. */
  bare(): Promise<void>;
  /** Signed GET of a bare route answering `bytes` bytes (see {@link ScaleServer.sizeBareBody}), read by the counting client. */
  bareSized(): Promise<void>;
  /** Sets the size of the body {@link ScaleServer.bareSized} answers. */
  sizeBareBody(bytes: number): void;
  /**
   * Signed GET of the project's CRL, with `If-None-Match: etag` when given, read by the counting
   * client as {@link ScaleServer.bareSized} is: its status, ETag and body length.
   */
  crl(projectId: string, etag?: string): Promise<{ status: number; etag: string; bytes: number }>;
  close(): Promise<void>;
}

/** What a server is started with. */
export interface ScaleServerParams {
  location: OpenStoreParams;
  masterKey: MasterKey;
  dataDir: string;
  key: { publicKey: string; privateKey: string };
  maxUsers: number;
}

const silent = pino({ level: "silent" });

/** Opens the store and starts the core, the API and the gateway (the store must be bootstrapped). */
export async function startScaleServer(params: ScaleServerParams): Promise<ScaleServer> {
  const store = await openStore(params.location);
  const core = createCore({ store, masterKey: params.masterKey, userKeyAlgorithm: "EC_P256", caKeyAlgorithm: "EC_P256", maxDatabaseUsersPerProject: params.maxUsers });
  const owner = (await core.apiKeys.authenticate(params.key.publicKey))?.actor;
  if (owner === undefined) throw new Error("the bench key does not authenticate");
  const clusters = createClusterService({ core, store, ports: SCALE_GATEWAY_PORTS, publicHost: "localhost" });
  const tls = await loadGatewayTls({ store, masterKey: params.masterKey, dataDir: params.dataDir, caKeyAlgorithm: "EC_P256", hosts: ["localhost", "127.0.0.1"] });
  const gateway = await Gateway.start({ core, clusters, tls, host: "127.0.0.1", dataDir: params.dataDir, log: silent });
  const app: FastifyInstance = await buildApiServer({ core });
  // The baselines: what any signed request to this server costs (the Digest check, as every API
  // route pays it), then also sending as many bytes as the CRL.
  app.get("/bare", async () => ({ ok: true }));
  let sizedBody = Buffer.alloc(0);
  app.get("/bare-sized", async (_request, reply) => reply.header("content-type", "application/x-pem-file").send(sizedBody));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("the API has no address");
  const apiUrl = `http://127.0.0.1:${address.port}`;
  const counting = new DigestClient(params.key, sendCounting);
  const get = async (path: string, headers: Record<string, string> = {}): Promise<CountedResponse> => {
    const response = (await counting.send({ method: "GET", url: new URL(`${apiUrl}${path}`), headers: { accept: "application/json", ...headers } })) as CountedResponse;
    if (response.status !== 200 && response.status !== 304) throw new Error(`GET ${path} answered ${response.status}`);
    return response;
  };
  return {
    store,
    core,
    owner,
    clusters,
    gateway,
    api: new ApiClient({ apiUrl, key: params.key }),
    apiUrl,
    times: new ServerTimes(app.server),
    async bare() {
      await get("/bare");
    },
    async bareSized() {
      const { bytes } = await get("/bare-sized");
      if (bytes !== sizedBody.length) throw new Error(`the bare route answered ${bytes} bytes, not ${sizedBody.length}`);
    },
    sizeBareBody(bytes) {
      sizedBody = Buffer.alloc(bytes, "A");
    },
    async crl(projectId, etag) {
      const response = await get(`${API_PREFIX}/groups/${projectId}/crl`, etag === undefined ? {} : { "if-none-match": etag });
      return { status: response.status, etag: String(response.headers.etag ?? ""), bytes: response.bytes };
    },
    async close() {
      await app.close();
      await gateway.close();
      await store.close();
    },
  };
}

/** A driver connection authenticated with `certificatePem` (certificate and key), through `port`. */
export async function connectWith(dataDir: string, port: number, name: string, certificatePem: string): Promise<MongoClient> {
  const file = join(dataDir, `${name}.pem`);
  writeFileSync(file, certificatePem, { mode: 0o600 });
  const client = new MongoClient(
    `mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&serverSelectionTimeoutMS=2000&maxPoolSize=1&retryReads=false&retryWrites=false`,
    { tlsCAFile: join(dataDir, "server-ca.pem"), tlsCertificateKeyFile: file },
  );
  await client.connect();
  await client.db("app").collection("c").findOne({});
  return client;
}
