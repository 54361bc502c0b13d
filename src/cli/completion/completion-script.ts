/**
 * Bash and zsh completion scripts generated from the commander tree, so they never fall behind the
 * commands. Both share POSIX helper functions: `__certgate_path` walks the words typed so far to the
 * command they name (aliases map to canonical names, flag values are skipped because they name no
 * subcommand), `__certgate_words` lists what may follow that command, and `__certgate_values` the
 * values of a flag (exit status 1 when the flag takes none).
 */
import type { CommandNode } from "./command-tree.js";

/** The supported shells. */
export const COMPLETION_SHELLS = ["bash", "zsh"] as const;
/** One of `COMPLETION_SHELLS`. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The script for `shell`, completing the command `name`. */
export function completionScript(shell: CompletionShell, nodes: readonly CommandNode[], name = "certgate"): string {
  return shell === "bash" ? bashScript(nodes, name) : zshScript(nodes, name);
}

function helpers(nodes: readonly CommandNode[]): string {
  const child = nodes.flatMap((n) =>
    n.subcommands.map((s) => {
      const canonical = n.path === "" ? s.name : `${n.path} ${s.name}`;
      const patterns = [s.name, ...s.aliases].map((w) => quote(`${n.path}/${w}`)).join("|");
      return `    ${patterns}) echo ${quote(canonical)} ;;`;
    }),
  );
  const words = nodes.map((n) => `    ${quote(n.path)}) echo ${quote([...n.subcommands.flatMap((s) => [s.name, ...s.aliases]), ...n.argumentChoices, ...n.flags].join(" "))} ;;`);
  const values = nodes.flatMap((n) => n.valueFlags.map((v) => `    ${quote(`${n.path}/${v.flag}`)}) echo ${quote(v.choices.join(" "))} ;;`));
  return [
    "__certgate_child() {",
    '  case "$1/$2" in',
    ...child,
    "  esac",
    "}",
    "__certgate_path() {",
    '  cg_path=""',
    "  for cg_word in \"$@\"; do",
    '    cg_next="$(__certgate_child "$cg_path" "$cg_word")"',
    '    if [ -n "$cg_next" ]; then cg_path="$cg_next"; fi',
    "  done",
    '  echo "$cg_path"',
    "}",
    "__certgate_words() {",
    '  case "$1" in',
    ...words,
    "  esac",
    "}",
    "__certgate_values() {",
    '  case "$1/$2" in',
    ...values,
    "    *) return 1 ;;",
    "  esac",
    "}",
  ].join("\n");
}

function bashScript(nodes: readonly CommandNode[], name: string): string {
  return [
    `# ${name} completion for bash. Load it with: source <(${name} completion bash)`,
    helpers(nodes),
    "_certgate() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" cg_cmd cg_values',
    '  cg_cmd="$(__certgate_path "${COMP_WORDS[@]:1:COMP_CWORD-1}")"',
    '  if cg_values="$(__certgate_values "$cg_cmd" "$prev")"; then',
    "    # A flag's value: its choices, else nothing here and bash falls back to file names.",
    '    COMPREPLY=($(compgen -W "$cg_values" -- "$cur"))',
    "    return 0",
    "  fi",
    '  COMPREPLY=($(compgen -W "$(__certgate_words "$cg_cmd")" -- "$cur"))',
    "}",
    `complete -o default -F _certgate ${name}`,
    "",
  ].join("\n");
}

function zshScript(nodes: readonly CommandNode[], name: string): string {
  return [
    `#compdef ${name}`,
    `# ${name} completion for zsh. Load it with: source <(${name} completion zsh)  (after compinit)`,
    helpers(nodes),
    "_certgate() {",
    "  local cg_cmd cg_values",
    // `path` is special in zsh (tied to $PATH), hence the cg_ prefix on every variable.
    '  cg_cmd="$(__certgate_path "${(@)words[2,CURRENT-1]}")"',
    '  if cg_values="$(__certgate_values "$cg_cmd" "${words[CURRENT-1]}")"; then',
    '    if [[ -n "$cg_values" ]]; then compadd -- ${=cg_values}; else _files; fi',
    "    return",
    "  fi",
    '  compadd -- ${=$(__certgate_words "$cg_cmd")}',
    "}",
    `if (( $+functions[compdef] )); then compdef _certgate ${name}; fi`,
    "",
  ].join("\n");
}

/** Single-quotes a word for sh (names and flags hold no quotes, but `$external`-like text must stay literal). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
