import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCommandTableDoc } from "./command-table-doc.js";

test("docs/mongod-commands.md is what the command table renders (run scripts/generate-command-doc.mjs)", () => {
  const doc = readFileSync(fileURLToPath(new URL("../../../../docs/mongod-commands.md", import.meta.url)), "utf8");
  assert.equal(doc, renderCommandTableDoc());
});

test("the rendered table names each backend's answer", () => {
  const doc = renderCommandTableDoc();
  assert.match(doc, /\| `findAndModify` \| `findandmodify` \| .* \| served \| forwarded \|/);
  assert.match(doc, /\| `createUser` \| {2}\| refused to everyone: 13 Unauthorized \| {2}\| refused \(13\) \| refused \(13\) \|/);
  assert.match(doc, /\| `top` \| .* \| 115 CommandNotSupported \| forwarded \|/);
});
