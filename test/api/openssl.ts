/** Real OpenSSL for the API tests: reading what the API issued and making CAs to upload. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Runs openssl with `input` files written to a temporary directory; returns stdout. */
export function openssl(args: (dir: string) => string[], files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "certgate-openssl-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return execFileSync("openssl", args(dir), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The blocks of a PEM text with their labels. */
export function pemBlocks(text: string): { label: string; pem: string }[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\n[\s\S]*?-----END \1-----\n?/g)].map((m) => ({ label: m[1] as string, pem: m[0] }));
}

/** A self-signed EC P-256 CA certificate made by `openssl req -x509`. */
export function makeCaPem(commonName: string, days = 30): string {
  return openssl((dir) => [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    join(dir, "ca.key"),
    "-subj",
    `/CN=${commonName}`,
    "-days",
    String(days),
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

/** A leaf (non-CA) certificate, to be refused as a customer CA. */
export function makeLeafPem(commonName: string): string {
  return openssl((dir) => [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    join(dir, "leaf.key"),
    "-subj",
    `/CN=${commonName}`,
    "-days",
    "30",
    "-addext",
    "basicConstraints=critical,CA:FALSE",
  ]);
}
