/**
 * The `host:port` a client dialed to reach this gateway, which `hello` names as the replica set's one
 * member (`me`, `hosts`, `primary`). Drivers that discover a replica set drop a seed that is not in
 * `hosts` and connect to the names listed there instead, so the name must be the one the client used:
 * the TLS server name (SNI) the client sent, which drivers set to the host of their connection string
 * for every host name, else (an IP address, for which no SNI is sent) the local address the
 * connection arrived at. The port is the local port.
 */
import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";

function hostPart(host: string): string {
  const plain = host.startsWith("::ffff:") && isIP(host.slice(7)) === 4 ? host.slice(7) : host;
  return isIP(plain) === 6 ? `[${plain}]` : plain.toLowerCase();
}

/** `host:port` for `socket`, as drivers spell a server's address (lower case, IPv6 in brackets). */
export function dialedAddress(socket: TLSSocket): string {
  const servername: unknown = (socket as { servername?: unknown }).servername;
  const host = typeof servername === "string" && servername !== "" ? servername : (socket.localAddress ?? "localhost");
  return `${hostPart(host)}:${socket.localPort ?? 0}`;
}
