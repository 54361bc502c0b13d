/** The commander tree flattened into what shell completion needs: each command path, its words and option values. */
import type { Command, Option } from "commander";

/** One command of the tree, named by the canonical names from the root (`"dbusers certs"`, `""` for the root). */
export interface CommandNode {
  path: string;
  /** Subcommands, canonical names and aliases. */
  subcommands: { name: string; aliases: string[] }[];
  /** Long and short flags, `--help` included. */
  flags: string[];
  /** The allowed values of its positional arguments, where they are a fixed list. */
  argumentChoices: string[];
  /** Flags that take a value, with the allowed values when there is a fixed list. */
  valueFlags: { flag: string; choices: string[] }[];
}

/** Walks `program` depth first. */
export function commandNodes(program: Command, prefix = ""): CommandNode[] {
  const visible = program.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
  const options = program.options as readonly Option[];
  const node: CommandNode = {
    path: prefix,
    subcommands: visible.map((c) => ({ name: c.name(), aliases: c.aliases() })),
    flags: [...options.flatMap(flagsOf), "--help"],
    argumentChoices: program.registeredArguments.flatMap((a) => a.argChoices ?? []),
    valueFlags: options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => flagsOf(o).map((flag) => ({ flag, choices: o.argChoices ?? [] }))),
  };
  return [node, ...visible.flatMap((c) => commandNodes(c, prefix === "" ? c.name() : `${prefix} ${c.name()}`))];
}

function flagsOf(option: Option): string[] {
  return [option.long, option.short].filter((f): f is string => typeof f === "string");
}
