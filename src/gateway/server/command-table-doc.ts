/**
 * Renders docs/mongod-commands.md from the command table: every command and alias, who answers it
 * on each backend, and the refusal code where there is one. `scripts/generate-command-doc.mjs`
 * writes the file; a test checks it is current.
 */
import { isBackendCommand } from "../backends/backend.js";
import { COMMAND_SPECS, type CommandSpec } from "./command-table.js";

function authText(spec: CommandSpec): string {
  if (spec.kind === "refused") return "refused to everyone: 13 Unauthorized";
  if (spec.privilege.auth === "none") return "none (runs before authentication)";
  if (spec.privilege.auth === "authenticated") return `authentication${spec.privilege.adminOnly === true ? ", on admin only" : ""}`;
  return `mongod's privilege rule${spec.privilege.adminOnly === true ? ", on admin only" : ""}; else 13 Unauthorized`;
}

function backendText(spec: CommandSpec, backend: "embedded" | "upstream"): string {
  switch (spec.kind) {
    case "gateway":
      return "served by the gateway";
    case "refused":
      return "refused (13)";
    case "cursor":
    case "backend":
      if (backend === "upstream") return "forwarded";
      return isBackendCommand(spec.name) ? "served" : "115 CommandNotSupported";
  }
}

/** The whole Markdown document. */
export function renderCommandTableDoc(): string {
  const lines = [
    "# mongod's commands at the gateway",
    "",
    "Generated from the gateway's command table (`src/gateway/server/command-table.ts`) by",
    "`node scripts/generate-command-doc.mjs`; a test fails when this file is not current.",
    "",
    "Every command is authorized before it runs, with mongod's privilege rule for it. A name that is",
    "not in this table is answered with 59 CommandNotFound, as mongod answers commands it does not",
    "have. Over a legacy OP_QUERY only the commands marked OP_QUERY are accepted; the rest get 352",
    "UnsupportedOpQueryCommand, as on mongod. An aggregate naming a stage mongod does not know gets",
    "40324 before authorization. On the embedded backend, search stages and search index commands",
    "get 31082 SearchNotEnabled, as on a mongod without search.",
    "",
    "| command | aliases | authorization | OP_QUERY | embedded backend | upstream backend | what it does |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const spec of COMMAND_SPECS) {
    const aliases = spec.aliases.map((a) => `\`${a}\``).join(", ");
    lines.push(
      `| \`${spec.name}\` | ${aliases} | ${authText(spec)} | ${spec.opQuery ? "yes" : ""} | ${backendText(spec, "embedded")} | ${backendText(spec, "upstream")} | ${spec.help} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
