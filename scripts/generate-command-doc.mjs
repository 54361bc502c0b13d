// Writes docs/mongod-commands.md from the built command table (run `npx tsc -p tsconfig.json` first).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCommandTableDoc } from "../dist/src/gateway/server/command-table-doc.js";

const target = fileURLToPath(new URL("../docs/mongod-commands.md", import.meta.url));
writeFileSync(target, renderCommandTableDoc());
console.log(`wrote ${target}`);
