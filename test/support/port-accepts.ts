/** Whether something accepts TCP connections on a loopback port (for waiting on a server, or checking it closed). */
import { connect } from "node:net";

export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
