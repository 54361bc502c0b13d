/**
 * Loaded into a `certgate start` child with `node --import`: once the file named by
 * `CERTGATE_TEST_FAIL_DATASYNC_FLAG` exists, every fdatasync made through `node:fs/promises` fails with
 * EIO, as it does on a failing disk. Everything else in the child is the real server.
 */
import { existsSync } from "node:fs";
import { open } from "node:fs/promises";

type Datasync = (this: unknown) => Promise<void>;

const flag = process.env.CERTGATE_TEST_FAIL_DATASYNC_FLAG;
if (flag !== undefined && flag !== "") {
  const probe = await open(process.execPath, "r");
  const prototype = Object.getPrototypeOf(probe) as { datasync: Datasync };
  await probe.close();
  const datasync = prototype.datasync;
  prototype.datasync = function failingWhenFlagged(this: unknown): Promise<void> {
    if (!existsSync(flag)) return datasync.call(this);
    return Promise.reject(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO", errno: -5, syscall: "fdatasync" }));
  };
}
