/** The shape every `delete` command shares: ask unless --force, send DELETE, report what went. */
import type { Command } from "commander";
import { onRun, type AdminContext } from "./admin-command.js";
import { confirmOrFail } from "./confirm.js";
import type { CommonFlags } from "./connection-settings.js";

/** The resource a `delete` command removes. */
export interface DeleteTarget {
  /** The API path DELETE is sent to. */
  path: string;
  /** How the question and the report name the resource. */
  name: string;
  /** What `--output json` prints; `{ deleted: name }` when not given. */
  deleted?: Record<string, string>;
}

/**
 * Makes `command` (an `adminCommand` taking the resource as its one argument) a delete: alias `rm`, a
 * `--force` flag, and an action that finds the target, asks before deleting unless --force is given,
 * deletes it and prints `<kind> '<name>' deleted`.
 */
export function onDelete<O extends object = object>(
  command: Command,
  kind: string,
  target: (ctx: AdminContext, argument: string, opts: O & CommonFlags) => DeleteTarget | Promise<DeleteTarget>,
): Command {
  return onRun<O & { force?: boolean }>(command.alias("rm").option("--force", "don't ask for confirmation"), async (ctx, [argument], opts) => {
    const { path, name, deleted = { deleted: name } } = await target(ctx, argument as string, opts);
    await confirmOrFail(opts.force, `Are you sure you want to delete: ${name}`);
    await ctx.client().json("DELETE", path);
    ctx.print(deleted, () => `${kind} '${name}' deleted\n`);
  });
}
