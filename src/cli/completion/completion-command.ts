/** `certgate completion bash|zsh`: prints the completion script for the whole command tree. */
import { Argument, type Command } from "commander";
import { commandNodes } from "./command-tree.js";
import { completionScript, COMPLETION_SHELLS, type CompletionShell } from "./completion-script.js";

/** Adds `completion` to `program`; call it after every other command is registered. */
export function registerCompletionCommand(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script: source <(certgate completion bash)")
    .addArgument(new Argument("<shell>", "bash or zsh").choices(COMPLETION_SHELLS))
    .action((shell: CompletionShell) => {
      process.stdout.write(completionScript(shell, commandNodes(program), program.name()));
    });
}
