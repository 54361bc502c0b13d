/** How database users look in `--output table`. */
import { renderTable, type Column } from "../api-client/table.js";
import type { DatabaseUser } from "./user-lookup.js";

const COLUMNS: Column<DatabaseUser>[] = [
  { header: "USERNAME", cell: (u) => u.username },
  { header: "DATABASE", cell: (u) => u.databaseName },
  { header: "X509 TYPE", cell: (u) => u.x509Type ?? "NONE" },
  { header: "ROLES", cell: (u) => (u.roles ?? []).map((r) => `${r.roleName}@${r.databaseName}${r.collectionName ? `.${r.collectionName}` : ""}`).join(", ") },
  { header: "SCOPES", cell: (u) => (u.scopes ?? []).map((s) => `${s.name}:${s.type}`).join(", ") },
];

/** The table of `users`. */
export function usersTable(users: readonly DatabaseUser[]): string {
  return renderTable(COLUMNS, users);
}
