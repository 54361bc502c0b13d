/**
 * `certgate clusters create|list|describe|watch|connect|delete`: a project's clusters (gateway
 * listeners), as the Atlas CLI's, plus `connect`, which prints the mongosh command line.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { segment } from "../api-client/api-client.js";
import { renderTable } from "../api-client/table.js";
import { adminCommand, onRun } from "../admin/admin-command.js";
import { onDelete } from "../admin/delete-command.js";
import { clusterPath, waitForCluster, type Cluster } from "./cluster-wait.js";
import { mongoshCommand } from "./mongosh-command.js";

const CERT_PLACEHOLDER = "<path-to-your-certificate.pem>";

/** Adds `clusters ...` to `program`. */
export function registerClusterCommands(program: Command): void {
  const clusters = program.command("clusters").alias("cluster").description("clusters of a project: gateways where clients connect with certificates");
  const table = (list: readonly Cluster[]) =>
    renderTable(
      [
        { header: "NAME", cell: (c: Cluster) => c.name },
        { header: "STATE", cell: (c) => c.stateName },
        { header: "BACKEND", cell: (c) => (c.backend?.upstream ? "upstream" : "embedded") },
        { header: "CONNECTION STRING", cell: (c) => c.connectionStrings?.standard ?? "" },
      ],
      list,
    );
  const seconds = (text: string) => {
    if (!/^\d+$/.test(text)) throw new Error(`--timeout must be a whole number of seconds, got "${text}"`);
    return Number(text) * 1000;
  };

  onRun<{ upstream?: string; watch?: boolean; timeout: string }>(
    adminCommand(clusters, "create <name>", "create a cluster (embedded backend unless --upstream is given)")
      .option("--upstream <uri>", "mongodb:// URI of an upstream deployment to serve instead of the embedded store")
      .option("-w, --watch", "wait until the cluster accepts connections")
      .option("--timeout <seconds>", "how long --watch waits", "300"),
    async (ctx, [name], opts) => {
      const projectId = ctx.projectId();
      const client = ctx.client();
      const timeoutMs = seconds(opts.timeout);
      const body = { name, ...(opts.upstream === undefined ? {} : { backend: { upstream: { connectionString: opts.upstream } } }) };
      let cluster = (await client.json("POST", `/groups/${segment(projectId)}/clusters`, { body })) as Cluster;
      if (opts.watch) cluster = await waitForCluster(client, projectId, cluster.name, timeoutMs);
      ctx.print(cluster, () =>
        cluster.stateName === "IDLE" && cluster.connectionStrings?.standard
          ? `Cluster '${cluster.name}' is available at ${cluster.connectionStrings.standard}\n`
          : `Cluster '${cluster.name}' is being created.\n`,
      );
    },
  );

  onRun(adminCommand(clusters, "list", "list the project's clusters").alias("ls"), async (ctx) => {
    const page = (await ctx.client().json("GET", `/groups/${segment(ctx.projectId())}/clusters`)) as { results: Cluster[] };
    ctx.print(page, () => table(page.results));
  });

  onRun(adminCommand(clusters, "describe <name>", "show one cluster").alias("get"), async (ctx, [name]) => {
    const cluster = (await ctx.client().json("GET", clusterPath(ctx.projectId(), name as string))) as Cluster;
    ctx.print(cluster, () => table([cluster]));
  });

  onRun<{ timeout: string }>(
    adminCommand(clusters, "watch <name>", "wait until a cluster accepts connections").option("--timeout <seconds>", "how long to wait", "300"),
    async (ctx, [name], opts) => {
      const timeoutMs = seconds(opts.timeout);
      const cluster = await waitForCluster(ctx.client(), ctx.projectId(), name as string, timeoutMs);
      ctx.print(cluster, () => `Cluster '${cluster.name}' is available at ${cluster.connectionStrings?.standard ?? ""}\n`);
    },
  );

  onRun<{ certFile?: string; caFile?: string }>(
    adminCommand(clusters, "connect <name>", "print the mongosh command that connects to a cluster with a certificate")
      .option("--certFile <path>", "PEM with the user's certificate and key (from `dbusers certs create --out`)")
      .option("--caFile <path>", "save the CA of the gateway's server certificate here and use it (--tlsCAFile)"),
    async (ctx, [name], opts) => {
      const projectId = ctx.projectId();
      const client = ctx.client();
      const cluster = (await client.json("GET", clusterPath(projectId, name as string))) as Cluster;
      const standard = cluster.connectionStrings?.standard;
      if (!standard) throw new Error(`cluster '${cluster.name}' does not accept connections yet (${cluster.stateName}); try \`certgate clusters watch ${cluster.name}\``);
      if (opts.caFile !== undefined) {
        const ca = await client.text("GET", `${clusterPath(projectId, cluster.name)}/tlsCA`);
        try {
          writeFileSync(opts.caFile, ca);
        } catch (err) {
          throw new Error(`cannot write ${opts.caFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
      }
      const command = mongoshCommand(standard, opts.certFile ?? CERT_PLACEHOLDER, opts.caFile);
      ctx.print({ command, connectionString: standard, ...(opts.caFile === undefined ? {} : { caFile: opts.caFile }) }, () => `${command}\n`);
    },
  );

  onDelete(adminCommand(clusters, "delete <name>", "delete a cluster: its gateway stops and its connections close"), "Cluster", (ctx, name) => ({
    path: clusterPath(ctx.projectId(), name),
    name,
  }));
}
