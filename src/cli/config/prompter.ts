/**
 * Questions on stderr, answers from stdin, one line each; works on a terminal and with piped input.
 * Secret answers are not echoed on a terminal.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Asks questions one after the other over one stdin reader. */
export class Prompter {
  private muted = false;
  private readonly lines: AsyncIterator<string>;
  private readonly rl;

  constructor() {
    const stderr = process.stderr;
    const output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (!this.muted) stderr.write(chunk);
        done();
      },
    });
    const terminal = process.stdin.isTTY === true;
    this.rl = createInterface({ input: process.stdin, output, terminal });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** Asks `question`; `fallback` is kept on an empty answer. Fails when stdin ends first. */
  async ask(question: string, options: { fallback?: string; secret?: boolean } = {}): Promise<string> {
    const shown = options.fallback && !options.secret ? ` [${options.fallback}]` : options.fallback ? " [keep current]" : "";
    process.stderr.write(`${question}${shown}: `);
    this.muted = options.secret === true && process.stdin.isTTY === true;
    const next = await this.lines.next();
    if (this.muted) process.stderr.write("\n");
    this.muted = false;
    if (next.done) throw new Error(`no answer to "${question}": stdin ended (pass the value as a flag instead)`);
    const answer = next.value.trim();
    return answer === "" ? (options.fallback ?? "") : answer;
  }

  /** Releases stdin. */
  close(): void {
    this.rl.close();
  }
}
