/** Reads what the UI downloaded with the real `openssl`, independently of certgate's own PKI code. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(args: string[], cwd: string): string {
  return execFileSync("openssl", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** What openssl says about a downloaded certificate+key file, checked against the project's CAs. */
export interface DownloadedCertificate {
  /** `openssl x509 -subject -nameopt RFC2253` without the `subject=` prefix. */
  subject: string;
  notAfter: Date;
  /** The serial in decimal. */
  serial: bigint;
  /** `openssl verify` against the CA file said OK. */
  verified: boolean;
  /** The private key in the file belongs to the certificate. */
  keyMatches: boolean;
}

/** Inspects `pem` (certificate then private key) with openssl; `caPems` are the CAs it should chain to. */
export function inspectDownloadedCertificate(pem: string, caPems: string[]): DownloadedCertificate {
  const dir = mkdtempSync(join(tmpdir(), "certgate-ui-openssl-"));
  try {
    writeFileSync(join(dir, "client.pem"), pem);
    writeFileSync(join(dir, "ca.pem"), caPems.join("\n"));
    const subject = run(["x509", "-in", "client.pem", "-noout", "-subject", "-nameopt", "RFC2253"], dir).replace(/^subject=\s*/, "");
    const notAfter = new Date(run(["x509", "-in", "client.pem", "-noout", "-enddate"], dir).replace(/^notAfter=/, ""));
    const serial = BigInt(`0x${run(["x509", "-in", "client.pem", "-noout", "-serial"], dir).replace(/^serial=/, "")}`);
    let verified: boolean;
    try {
      verified = run(["verify", "-CAfile", "ca.pem", "client.pem"], dir).endsWith("OK");
    } catch {
      verified = false;
    }
    const certKey = run(["x509", "-in", "client.pem", "-noout", "-pubkey"], dir);
    const fileKey = run(["pkey", "-in", "client.pem", "-pubout"], dir);
    return { subject, notAfter, serial, verified, keyMatches: certKey === fileKey };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
