/**
 * Real certificates for tests, made by the `openssl` command line in a temporary directory.
 *
 * Certificates are signed with `openssl ca` because it is the OpenSSL 3.0 command that accepts explicit
 * validity dates (`-startdate`/`-enddate`), which expired and not-yet-valid CAs need; leaving out the
 * extensions makes it write an X.509 v1 certificate.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The extensions of a well-formed CA. */
export const CA_EXTENSIONS = [
  "basicConstraints=critical,CA:TRUE",
  "keyUsage=critical,keyCertSign,cRLSign",
  "subjectKeyIdentifier=hash",
] as const;

/** Key algorithms the fixtures make; P-256 unless a test is about RSA. */
export const KEY_KINDS = ["ec", "rsa2048"] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** A key and certificate on disk. */
export interface Issued {
  readonly keyPath: string;
  readonly certPath: string;
  readonly pem: string;
}

/** How to make one certificate. */
export interface CertSpec {
  /** An `openssl -subj` string such as `/CN=Root/O=Acme`. */
  readonly subject: string;
  /** Signs with this certificate's key instead of self-signing. */
  readonly issuer?: Issued;
  /** Reuses an existing key file instead of generating one. */
  readonly keyPath?: string;
  readonly keyKind?: KeyKind;
  /** Extension lines; `null` for none, which yields a v1 certificate. Defaults to {@link CA_EXTENSIONS}. */
  readonly extensions?: readonly string[] | null;
  /** `YYYYMMDDHHMMSSZ`; defaults to one day ago. */
  readonly startDate?: string;
  /** `YYYYMMDDHHMMSSZ`; defaults to 365 days from now. */
  readonly endDate?: string;
}

const CA_CONFIG = `[ ca ]
default_ca = fixture
[ fixture ]
database = index.txt
new_certs_dir = issued
rand_serial = yes
default_md = sha256
default_crl_days = 30
policy = anything
preserve = yes
email_in_dn = yes
unique_subject = no
[ anything ]
domainComponent = optional
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
`;

/** A scratch directory where `openssl` makes keys and certificates; call `cleanup()` when done. */
export class OpensslFixtures {
  readonly dir: string;
  #counter = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "certgate-pki-"));
    mkdirSync(join(this.dir, "issued"));
    writeFileSync(join(this.dir, "index.txt"), "");
    writeFileSync(join(this.dir, "ca.cnf"), CA_CONFIG);
  }

  /** Runs `openssl` in the directory and returns its standard output. */
  openssl(args: readonly string[], input?: string | Uint8Array): Buffer {
    return execFileSync("openssl", args, { cwd: this.dir, input, stdio: ["pipe", "pipe", "pipe"] });
  }

  /** A path inside the directory. */
  path(name: string): string {
    return join(this.dir, name);
  }

  /** Generates a private key (PKCS#8 PEM) and returns its path. */
  key(kind: KeyKind = "ec"): string {
    const path = this.path(`key-${(this.#counter += 1)}.pem`);
    const algorithm =
      kind === "ec" ? ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"] : ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
    this.openssl(["genpkey", ...algorithm, "-out", path]);
    return path;
  }

  /** A certificate signing request for `subject` with the given key, as PEM. */
  csr(subject: string, keyPath: string): string {
    return this.openssl(["req", "-new", "-utf8", "-key", keyPath, "-subj", subject]).toString("utf8");
  }

  /** Makes a certificate as `spec` says. */
  cert(spec: CertSpec): Issued {
    const n = (this.#counter += 1);
    const keyPath = spec.keyPath ?? this.key(spec.keyKind);
    const csrPath = this.path(`req-${n}.csr`);
    const certPath = this.path(`cert-${n}.pem`);
    writeFileSync(csrPath, this.csr(spec.subject, keyPath));
    const args = ["ca", "-config", "ca.cnf", "-batch", "-notext", "-in", csrPath, "-out", certPath];
    args.push("-startdate", spec.startDate ?? opensslDate(-1), "-enddate", spec.endDate ?? opensslDate(365));
    if (spec.issuer) args.push("-cert", spec.issuer.certPath, "-keyfile", spec.issuer.keyPath);
    else args.push("-selfsign", "-keyfile", keyPath);
    const extensions = spec.extensions === undefined ? CA_EXTENSIONS : spec.extensions;
    if (extensions !== null) {
      const extPath = this.path(`ext-${n}.cnf`);
      writeFileSync(extPath, `[ ext ]\n${extensions.join("\n")}\n`);
      args.push("-extfile", extPath, "-extensions", "ext");
    }
    this.openssl(args);
    return { keyPath, certPath, pem: readFileSync(certPath, "utf8") };
  }

  /** A CRL signed by `issuer`, as PEM. */
  crl(issuer: Issued): string {
    const out = this.path(`crl-${(this.#counter += 1)}.pem`);
    this.openssl(["ca", "-config", "ca.cnf", "-gencrl", "-cert", issuer.certPath, "-keyfile", issuer.keyPath, "-out", out]);
    return readFileSync(out, "utf8");
  }

  /** Removes the directory. */
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `YYYYMMDDHHMMSSZ` for now plus `days` (negative for the past), as `openssl ca` takes it. */
export function opensslDate(days: number, from: Date = new Date()): string {
  const at = new Date(from.getTime() + days * 24 * 60 * 60 * 1000);
  return at.toISOString().replace(/[-:T]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** The DER bytes of a single-certificate PEM. */
export function pemToDer(pem: string): Buffer {
  const body = pem.replace(/-----(BEGIN|END) [^-]+-----/g, "").replace(/\s+/g, "");
  return Buffer.from(body, "base64");
}

/** PEM text for DER bytes, 64-column lines, LF. */
export function derToPem(der: Uint8Array, label = "CERTIFICATE"): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
