/**
 * The metrics a real `certgate start` exports, scraped from /metrics and parsed as Prometheus text
 * format by parse-prometheus-text-format (which drops a labelled histogram's labels, `_sum` and `_count`,
 * so those are read from the text's sample lines): every metric docs/operations.md lists is there, the store's
 * query latency and the alert worker's runs have observations, and every PromQL expression of the
 * example Grafana dashboard (docs/grafana/certgate-dashboard.json), parsed by Prometheus's own PromQL
 * grammar (@prometheus-io/lezer-promql), names only metrics certgate exports.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { parser } from "@prometheus-io/lezer-promql";
import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { eventually } from "../gateway/support/eventually.js";

/** The metric names in docs/operations.md's metrics table (first column). */
function documentedMetrics(): string[] {
  const docs = readFileSync("docs/operations.md", "utf8");
  const section = docs.slice(docs.indexOf("## Metrics"), docs.indexOf("\n## ", docs.indexOf("## Metrics") + 1));
  return [...section.matchAll(/^\| `(certgate_[a-z_]+)`/gm)].map((m) => m[1] as string);
}

/** Every series name a family stands for (histograms and summaries add their own suffixes). */
function exportedNames(families: MetricFamily[]): Set<string> {
  const names = new Set<string>();
  for (const f of families) {
    names.add(f.name);
    if (f.type === "HISTOGRAM") for (const s of ["_bucket", "_sum", "_count"]) names.add(f.name + s);
    if (f.type === "SUMMARY") for (const s of ["_sum", "_count"]) names.add(f.name + s);
  }
  return names;
}

/** The metric names a PromQL expression selects; fails on a syntax error. */
function selectedMetrics(expr: string): string[] {
  // Grafana replaces its variables before the query reaches Prometheus.
  const query = expr.replace(/\$__(rate_interval|interval|range)/g, "5m");
  const names: string[] = [];
  const cursor = parser.parse(query).cursor();
  do {
    assert.notEqual(cursor.type.isError, true, `PromQL syntax error in ${expr} at ${cursor.from}`);
    if (cursor.name === "VectorSelector" && cursor.firstChild()) {
      if ((cursor.name as string) === "Identifier") names.push(query.slice(cursor.from, cursor.to));
      cursor.parent();
    }
  } while (cursor.next());
  return names;
}

describe("the exported metrics, their documentation and the Grafana dashboard", () => {
  let cg: CertgateProcess;
  let families: MetricFamily[] = [];
  let text = "";

  before(async () => {
    cg = await startCertgate("28715-28719", { CERTGATE_ALERT_INTERVAL_SECONDS: "1" });
    const base = cg.api.replace(/\/api\/atlas\/v1\.0$/, "");
    await cg.createCluster("Cluster0");
    // The alert worker runs every second: wait for a finished run.
    ({ value: families } = await eventually(async () => {
      const response = await fetch(`${base}/metrics`);
      assert.equal(response.status, 200);
      text = await response.text();
      const parsed = parsePrometheusTextFormat(text);
      const runs = parsed.find((f) => f.name === "certgate_alerts_evaluations_total")?.metrics.find((m) => m.labels?.result === "ok");
      assert.ok(Number(runs?.value ?? 0) >= 1, "an alert worker run was counted");
      return parsed;
    }, 20_000));
  });
  after(() => cg?.stop());

  it("exports every metric the docs list, with its documented type", () => {
    const documented = documentedMetrics();
    assert.ok(documented.length >= 15, `the docs' table lists the metrics (${documented.length})`);
    const byName = new Map(families.map((f) => [f.name, f]));
    const docs = readFileSync("docs/operations.md", "utf8");
    for (const name of documented) {
      const family = byName.get(name);
      assert.ok(family, `${name} is exported`);
      const type = new RegExp(`^\\| \`${name}\`[^|]*\\| (\\w+) \\|`, "m").exec(docs)?.[1];
      assert.equal(family.type.toLowerCase(), type, `${name}'s type`);
    }
  });

  it("times the store's queries and counts the alert worker's runs; event-loop lag and key pool depth are there", () => {
    const family = (name: string): MetricFamily => {
      const f = families.find((x) => x.name === name);
      assert.ok(f, name);
      return f;
    };
    const sample = (line: string): number => Number(new RegExp(`^${line.replace(/[{}".+]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
    assert.equal(family("certgate_store_query_duration_seconds").type, "HISTOGRAM");
    assert.ok(sample('certgate_store_query_duration_seconds_count{result="ok"}') >= 10, "the store's queries are observed");
    assert.ok(sample('certgate_store_query_duration_seconds_sum{result="ok"}') > 0);
    assert.ok(sample('certgate_store_query_duration_seconds_bucket{le="+Inf",result="ok"}') >= 10);
    assert.ok(Number(family("certgate_alerts_evaluation_duration_seconds").metrics[0]?.count ?? 0) >= 1);
    assert.equal(family("certgate_alerts_deliveries_total").type, "COUNTER");
    assert.ok(Number(family("certgate_nodejs_eventloop_lag_p99_seconds").metrics[0]?.value ?? -1) >= 0);
    assert.ok(family("certgate_pki_key_pool_ready").metrics.length >= 1, "the key pool's depth");
  });

  it("the Grafana dashboard's every expression parses as PromQL and names only exported metrics", () => {
    const dashboard = JSON.parse(readFileSync("docs/grafana/certgate-dashboard.json", "utf8")) as { panels: Array<{ title: string; targets?: Array<{ expr: string }> }> };
    const exported = exportedNames(families);
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      assert.ok((panel.targets ?? []).length > 0, `${panel.title} has a query`);
      for (const { expr } of panel.targets ?? []) {
        const names = selectedMetrics(expr);
        assert.ok(names.length > 0, `${expr} selects a metric`);
        for (const name of names) {
          assert.ok(exported.has(name), `${panel.title}: ${name} is not exported`);
          used.add(name.replace(/_(bucket|sum|count)$/, ""));
        }
      }
    }
    const undrawn = documentedMetrics().filter((name) => !used.has(name) && !name.startsWith("certgate_nodejs") && !name.startsWith("certgate_process"));
    assert.deepEqual(undrawn, [], "every documented certgate metric has a panel");
  });
});
