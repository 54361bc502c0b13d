/**
 * The records of `dbusers import`: a JSON array of `CloudDatabaseUser` objects (as `dbusers list -o
 * json` prints in `results`), or CSV with a header row naming the columns `username`, `x509Type`,
 * `roles` and optionally `scopes`, `description`, `password`, `ldapType`, `awsIAMType`; several roles or
 * scopes in one cell are separated by `;` or spaces.
 */
import { createBody, type UserFlags } from "./user-flags.js";
import { parseCsv } from "./csv.js";

/** One user to create: its name for the progress lines and the request body, or why it can't be sent. */
export interface ImportRecord {
  username: string;
  body?: Record<string, unknown>;
  problem?: string;
}

const CSV_COLUMNS = ["username", "x509Type", "roles", "scopes", "description", "password", "ldapType", "awsIAMType"] as const;

/** Reads the file's text as `format` (from the extension when not given). */
export function importRecords(text: string, format: "csv" | "json", projectId: string): ImportRecord[] {
  return format === "json" ? jsonRecords(text, projectId) : csvRecords(text, projectId);
}

function jsonRecords(text: string, projectId: string): ImportRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`the file is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { results?: unknown } | null)?.results;
  if (!Array.isArray(list)) throw new Error("the JSON file must hold an array of users (or an object with `results`)");
  return list.map((item: unknown, i) => {
    if (typeof item !== "object" || item === null || typeof (item as { username?: unknown }).username !== "string") {
      return { username: `#${i + 1}`, problem: "not an object with a string username" };
    }
    const { links: _links, groupId: _groupId, ...user } = item as Record<string, unknown>;
    const external = ["x509Type", "ldapAuthType", "awsIAMType", "oidcAuthType"].some((k) => user[k] !== undefined && user[k] !== "NONE");
    const databaseName = user.databaseName ?? (external && user.ldapAuthType !== "GROUP" ? "$external" : "admin");
    return { username: user.username as string, body: { ...user, groupId: projectId, databaseName } };
  });
}

function csvRecords(text: string, projectId: string): ImportRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("the CSV file is empty");
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`unknown CSV column(s) ${unknown.join(", ")}; the columns are ${CSV_COLUMNS.join(", ")}`);
  if (!columns.includes("username")) throw new Error("the CSV header has no username column");
  return rows.map((row, i) => {
    const cell = (name: string) => {
      const value = row[columns.indexOf(name)]?.trim();
      return value === undefined || value === "" ? undefined : value;
    };
    const username = cell("username") ?? `row ${i + 2}`;
    const list = (name: string) => (cell(name) ?? "").split(/[;\s]+/).filter((v) => v !== "");
    const flags: UserFlags = {
      username: cell("username"),
      role: list("roles"),
      scope: list("scopes"),
      x509Type: cell("x509Type"),
      ldapType: cell("ldapType"),
      awsIAMType: cell("awsIAMType"),
      password: cell("password"),
      description: cell("description"),
    };
    try {
      return { username, body: createBody(projectId, flags, []) };
    } catch (err) {
      return { username, problem: (err as Error).message };
    }
  });
}
