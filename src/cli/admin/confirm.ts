/** Asking before destructive commands, as the Atlas CLI does unless `--force` is given. */
import { createInterface } from "node:readline";

/**
 * Asks `question` on stderr and reads one answer line from stdin; only "y" or "yes" confirms. Input
 * that ends without an answer (a closed or empty stdin in a script) declines.
 */
export function confirm(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let answered = false;
    process.stderr.write(`${question} [y/N] `);
    rl.once("line", (line) => {
      answered = true;
      // On a terminal the typed answer ends the prompt's line; piped answers are not echoed.
      if (process.stdin.isTTY !== true) process.stderr.write("\n");
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once("close", () => {
      if (!answered) {
        process.stderr.write("\n");
        resolve(false);
      }
    });
  });
}

/** Goes ahead when `force` is set or the user confirms; otherwise fails with a hint. */
export async function confirmOrFail(force: boolean | undefined, question: string): Promise<void> {
  if (force) return;
  if (!(await confirm(question))) throw new Error("not confirmed: nothing was changed (pass --force to skip the question)");
}
