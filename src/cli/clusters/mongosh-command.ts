/** The mongosh command line that connects to a cluster with an X.509 certificate, as the web UI's Connect dialog shows it. */
import { x509ConnectionString } from "../../shared/x509-connection-string.js";

/** `mongosh "<uri>" --tlsCertificateKeyFile <cert> [--tlsCAFile <ca>]`, each path quoted for a POSIX shell. */
export function mongoshCommand(standard: string, certificateFile: string, caFile?: string): string {
  const parts = ["mongosh", shellQuote(x509ConnectionString(standard)), "--tlsCertificateKeyFile", shellQuote(certificateFile)];
  if (caFile !== undefined) parts.push("--tlsCAFile", shellQuote(caFile));
  return parts.join(" ");
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
