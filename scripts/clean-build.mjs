// Empties dist/ before a build, so files whose sources were moved or deleted (a test among them) can't
// linger there and be run or imported as if they were current.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
