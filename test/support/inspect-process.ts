/**
 * Evaluates an expression inside another running Node process through its inspector: the process is
 * sent SIGUSR1 (Node then opens its inspector on 127.0.0.1:9229 and prints the WebSocket URL on
 * stderr), and a short-lived Node child (`--experimental-websocket`, as Node 20 has no WebSocket by
 * default) sends one `Runtime.evaluate`. Lets a test observe a real server's global state. Run the
 * test in a network namespace of its own: the inspector port is fixed.
 */
import { execFileSync } from "node:child_process";
import { eventually } from "../gateway/support/eventually.js";

const EVALUATE = `
const ws = new WebSocket(process.argv[1]);
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: "Runtime.evaluate", params: { expression: process.argv[2], returnByValue: true } }));
ws.onmessage = (event) => {
  const message = JSON.parse(event.data);
  if (message.id !== 1) return;
  process.stdout.write(JSON.stringify(message.result.result.value));
  ws.close();
};
ws.onerror = () => {
  process.exitCode = 2;
  ws.close();
};
`;

/** The value of `expression` in process `pid`, whose output so far `output()` returns. */
export async function evaluateInProcess(pid: number, output: () => string, expression: string): Promise<unknown> {
  process.kill(pid, "SIGUSR1");
  const { value: url } = await eventually(() => {
    const match = /Debugger listening on (ws:\/\/\S+)/.exec(output());
    return match?.[1] ? Promise.resolve(match[1]) : Promise.reject(new Error(`no inspector URL in the output:\n${output()}`));
  }, 10_000);
  const out = execFileSync(process.execPath, ["--experimental-websocket", "--no-warnings", "-e", EVALUATE, url, expression], { encoding: "utf8", timeout: 10_000 });
  return JSON.parse(out) as unknown;
}
