/**
 * A test may not wait a fixed time and then assert: lint refuses the ways of writing such a wait in
 * test code, and leaves timers that are not sleeps (timeouts, the polling helper) alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const eslint = new ESLint({ cwd: root });

async function sleepErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.ok(result);
  return result.messages.filter((m) => /no fixed sleeps in tests/.test(m.message)).map((m) => m.message);
}

const cases: Array<{ file: string; code: string; allowed: boolean; why: string }> = [
  { file: "test/store/fixture.test.ts", code: "await new Promise((resolve) => setTimeout(resolve, 300));\n", allowed: false, why: "a fixed wait in an integration test" },
  { file: "src/pki/fixture.test.ts", code: 'import { setTimeout as sleep } from "node:timers/promises";\nawait sleep(50);\n', allowed: false, why: "timers/promises in a unit test" },
  { file: "test/support/fixture.ts", code: "export const pause = () => new Promise<void>((r) => { setTimeout(() => r(), 100); });\n", allowed: false, why: "a sleep in a test helper" },
  { file: "test/ui/fixture.test.ts", code: "declare const page: { waitForTimeout(ms: number): Promise<void> };\nawait page.waitForTimeout(500);\n", allowed: false, why: "Playwright's fixed wait" },
  {
    file: "test/support/fixture.ts",
    code: "export const within = (ms: number) => new Promise<never>((_, reject) => { const timer = setTimeout(() => reject(new Error('late')), ms); timer.unref(); });\n",
    allowed: true,
    why: "a timeout that fails a wait is not a sleep",
  },
  { file: "test/gateway/support/eventually.ts", code: "export const wait = () => new Promise((r) => setTimeout(r, 50));\n", allowed: true, why: "the polling helper waits between polls of a condition" },
  { file: "src/alerts/fixture.ts", code: "export const later = () => new Promise((r) => setTimeout(r, 50));\n", allowed: true, why: "product code is not a test" },
];

for (const { file, code, allowed, why } of cases) {
  test(`${file} is ${allowed ? "allowed" : "a lint error"}: ${why}`, async () => {
    const errors = await sleepErrors(file, code);
    if (allowed) assert.deepEqual(errors, []);
    else assert.ok(errors.length > 0, "expected a lint error about a fixed sleep");
  });
}
