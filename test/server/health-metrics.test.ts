/**
 * `/health/live`, `/health/ready` and a Prometheus `/metrics` scraped from a real `certgate start`
 * after gateway traffic (a served command, a refused command, a refused handshake), the text parsed
 * line by line against the exposition format.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { connect } from "node:tls";
import { after, before, describe, it } from "node:test";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { eventually } from "../gateway/support/eventually.js";
import { refusal, X509DriverClients } from "../gateway/support/x509-driver-clients.js";

const TOKEN = "scrape-me-please";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition format 0.0.4; throws on any line that is not valid. */
function parsePrometheusText(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        assert.match(meta[3] ?? "", /^(counter|gauge|histogram|summary|untyped)$/, line);
        types.set(meta[2] as string, meta[3] as string);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)( -?\d+)?$/.exec(line);
    assert.ok(sample, `not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (sample[3] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) labels[m[1] as string] = m[2] as string;
    samples.push({ name: sample[1] as string, labels, value: Number(sample[4]) });
  }
  return { types, samples };
}

describe("health and metrics", () => {
  let cg: CertgateProcess;
  let port = 0;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  let base = "";

  before(async () => {
    cg = await startCertgate("28630-28639", { CERTGATE_METRICS_TOKEN: TOKEN });
    base = cg.api.replace(/\/api\/atlas\/v1\.0$/, "");
    port = await cg.createCluster("Cluster0");
    await cg.createUser("app", "MANAGED", [{ roleName: "read", databaseName: "sales" }]);
    const cert = await cg.issueCert("app", "app.pem");
    const client = await drivers.client(cert.file).connect();
    await client.db("sales").collection("orders").findOne({});
    assert.equal((await refusal(client.db("sales").collection("orders").insertOne({ x: 1 }))).code, 13);
    await new Promise<void>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1", ca: readFileSync(cg.serverCaFile), servername: "localhost" });
      socket.on("error", () => resolve());
      socket.on("close", () => resolve());
    });
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  it("answers /health/live and /health/ready without credentials or secrets", async () => {
    const live = await fetch(`${base}/health/live`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: "ok" });
    const ready = await fetch(`${base}/health/ready`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ready", checks: { store: "ok", migrations: "ok", gateways: "ok" } });
  });

  it("serves /metrics only with the token, in Prometheus text format, with the gateway's and the PKI's counters", async () => {
    assert.equal((await fetch(`${base}/metrics`)).status, 401);
    const { value: parsed } = await eventually(async () => {
      const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
      const p = parsePrometheusText(await response.text());
      const has = (name: string, labels: Record<string, string>) =>
        p.samples.some((s) => s.name === name && s.value >= 1 && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      assert.ok(has("certgate_gateway_tls_handshake_failures_total", { cluster: "Cluster0", reason: "no certificate" }), "the refused handshake");
      return p;
    }, 5000);
    const value = (name: string, labels: Record<string, string> = {}) =>
      parsed.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);
    assert.equal(parsed.types.get("certgate_gateway_connections_opened_total"), "counter");
    assert.ok(value("certgate_gateway_connections_opened_total", { cluster: "Cluster0" }) >= 1);
    assert.ok(value("certgate_gateway_connections_open", { cluster: "Cluster0" }) >= 1);
    assert.ok(value("certgate_gateway_authentications_total", { cluster: "Cluster0", result: "success" }) >= 1);
    assert.ok(value("certgate_gateway_commands_total", { cluster: "Cluster0", command: "find", outcome: "ok" }) >= 1);
    assert.ok(value("certgate_gateway_commands_total", { cluster: "Cluster0", command: "insert", outcome: "unauthorized" }) >= 1);
    assert.ok(value("certgate_gateway_authorization_refusals_total", { command: "insert" }) >= 1);
    assert.equal(parsed.types.get("certgate_gateway_command_duration_seconds"), "histogram");
    assert.ok(value("certgate_gateway_command_duration_seconds_count") >= 2);
    assert.equal(value("certgate_pki_certificates_issued_total"), 1);
    assert.ok(parsed.types.has("certgate_nodejs_eventloop_lag_seconds"), "event-loop lag");
    assert.ok(parsed.types.has("certgate_pki_key_pool_ready"));
  });
});
