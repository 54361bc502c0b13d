/**
 * Admin API routes read their request through the types their TypeBox schemas give them: lint refuses
 * a cast of `request.params`, `request.query` or `request.body`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: root });

async function castErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, "src/api/routes/fixture.ts") });
  assert.ok(result);
  return result.messages.filter((m) => /instead of casting it/.test(m.message)).map((m) => m.message);
}

for (const part of ["params", "query", "body"]) {
  test(`casting request.${part} in a route is a lint error`, async () => {
    const errors = await castErrors(`export const read = (request: { ${part}: unknown }) => (request.${part} as { a: string }).a;\n`);
    assert.equal(errors.length, 1);
  });
}

test("reading a typed request is not", async () => {
  assert.deepEqual(await castErrors("export const read = (request: { params: { a: string } }) => request.params.a;\n"), []);
});
