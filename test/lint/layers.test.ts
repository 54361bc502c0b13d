/**
 * The layering is enforced by lint: an import pointing the wrong way fails `npm run lint`. Each case
 * lints one line of source as if it were a file at that path, with the project's own ESLint config.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, importPath: string, typeOnly = false): Promise<string[]> {
  const code = typeOnly ? `import type { X } from "${importPath}";\nexport type Y = X;\n` : `import { x } from "${importPath}";\nexport const y = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.ok(result);
  return result.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

const cases: Array<{ file: string; importPath: string; allowed: boolean; why: string; typeOnly?: boolean }> = [
  { file: "src/core/fixture.ts", importPath: "../alerts/index.js", allowed: false, why: "alerts builds on core" },
  { file: "src/core/user-security.ts", importPath: "../alerts/customer-ca-alert.js", allowed: false, why: "no file is exempt: the core runs the hook the server gives it" },
  { file: "src/core/fixture.ts", importPath: "../api/app.js", allowed: false, why: "core knows nothing of HTTP" },
  { file: "src/pki/dn/fixture.ts", importPath: "../../store/store.js", allowed: false, why: "pki imports no store code" },
  { file: "src/gateway/server/tls/fixture.ts", importPath: "../../../store/store.js", allowed: false, why: "the gateway goes through core" },
  { file: "src/api/ui/fixture.ts", importPath: "../../store/repos/ui-sessions.js", allowed: false, why: "the API goes through core" },
  { file: "src/ldap/fixture.ts", importPath: "../core/types.js", allowed: false, why: "core uses ldap, not the reverse" },
  { file: "src/shared/fixture.ts", importPath: "../roles/index.js", allowed: false, why: "shared is a leaf" },
  { file: "src/cli/dbusers/fixture.ts", importPath: "../../core/index.js", allowed: false, why: "the CLI reaches the server over HTTP" },
  { file: "web/src/lib/fixture.ts", importPath: "../../../src/store/store.js", allowed: false, why: "the web UI speaks to the API only" },
  { file: "src/api/routes/fixture.ts", importPath: "../../core/index.js", allowed: true, why: "routes call the core" },
  { file: "src/gateway/authz/fixture.ts", importPath: "../../roles/index.js", allowed: true, why: "everyone shares the vocabulary" },
  { file: "src/core/fixture.ts", importPath: "../store/store.js", allowed: true, why: "core persists through store" },
  { file: "src/gateway/authz/fixture.ts", importPath: "../wire/op-msg.js", allowed: true, why: "imports inside one layer are free" },
  { file: "src/server/fixture.ts", importPath: "../gateway/index.js", allowed: true, why: "the server wires every layer" },
  { file: "src/core/fixture.test.ts", importPath: "../alerts/index.js", allowed: true, why: "tests may reach any layer" },
  { file: "src/cli/dbusers/fixture.ts", importPath: "../../core/types.js", allowed: true, typeOnly: true, why: "the CLI shares the API's resource types" },
  { file: "src/cli/dbusers/fixture.ts", importPath: "../../store/store.js", allowed: false, typeOnly: true, why: "types from the store are still out of reach" },
];

const SQL_MESSAGE = /SQL lives in src\/store\/ only/;

async function sqlErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.ok(result);
  return result.messages.filter((m) => SQL_MESSAGE.test(m.message)).map((m) => m.message);
}

const QUERY = `import type { Kysely } from "kysely";\nexport const rows = (db: Kysely<object>) => db.selectFrom("alerts" as never).selectAll().execute();\n`;
const TAG = `import { sql } from "kysely";\nexport const probe = sql\`select 1\`;\n`;

const sqlCases: Array<{ file: string; code: string; allowed: boolean; why: string }> = [
  { file: "src/alerts/fixture.ts", code: QUERY, allowed: false, why: "a query builder call outside the store" },
  { file: "src/core/fixture.ts", code: QUERY.replace("selectFrom", "updateTable"), allowed: false, why: "an update outside the store" },
  { file: "src/server/fixture.ts", code: TAG, allowed: false, why: "Kysely's sql tag outside the store" },
  { file: "src/store/repos/fixture.ts", code: QUERY, allowed: true, why: "repositories are where SQL lives" },
  { file: "src/store/fixture.ts", code: TAG, allowed: true, why: "the store may use the sql tag" },
  { file: "src/core/fixture.ts", code: `import type { Kysely } from "kysely";\nexport type Tx = Kysely<object>;\n`, allowed: true, why: "naming the transaction type is not SQL" },
  { file: "src/alerts/fixture.test.ts", code: QUERY, allowed: true, why: "tests may inspect the store directly" },
];

for (const { file, code, allowed, why } of sqlCases) {
  test(`SQL in ${file} is ${allowed ? "allowed" : "a lint error"}: ${why}`, async () => {
    const errors = await sqlErrors(file, code);
    if (allowed) assert.deepEqual(errors, []);
    else assert.ok(errors.length > 0, "expected a lint error about SQL outside the store");
  });
}

for (const { file, importPath, allowed, why, typeOnly = false } of cases) {
  test(`${file} importing ${typeOnly ? "types from " : ""}${importPath} is ${allowed ? "allowed" : "a lint error"}: ${why}`, async () => {
    const errors = await layerErrors(file, importPath, typeOnly);
    if (allowed) assert.deepEqual(errors, []);
    else assert.match(errors.join("\n"), /may not import (anything|code) from this layer/);
  });
}
