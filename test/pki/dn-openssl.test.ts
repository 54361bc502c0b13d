/**
 * renderCertificateSubject against OpenSSL and against mongod's rules, on certificates that openssl
 * generates at test time (plus a few built with asn1-schema that `openssl req` cannot express).
 * For each: the rendered name equals the expected mongod name of the table; a C transcription of
 * mongod's algorithm run on OpenSSL's own parse and ICU's own profile (dn-mongod-oracle.ts) agrees;
 * `openssl x509 -nameopt RFC2253` prints the expected text (mongod's name unless the case says why
 * they differ); pasting OpenSSL's output into canonicalizeDn gives mongod's name back; the canonical
 * name reads back as itself.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AsnParser } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { PkiError } from "../../src/pki/pki-error.js";
import { canonicalizeDn, dnEquals, renderCertificateSubject } from "../../src/pki/dn/index.js";
import { TbsCertificateSubjectView } from "../../src/pki/dn/raw-name-schema.js";
import { buildCertificate } from "./dn-built-certificates.js";
import { BUILT_CASES } from "./dn-built-cases.js";
import { compileMongodOracle, type MongodOracleResult } from "./dn-mongod-oracle.js";
import { OPENSSL_CASES, REFUSED, TAGS, TEST_OIDS, UNREADABLE, type OpensslDnCase } from "./dn-openssl-cases.js";

const run = promisify(execFile);
const CONCURRENCY = 4;

interface Row {
  readonly description: string;
  readonly types?: readonly (keyof typeof TAGS)[];
  readonly mongod: string | typeof REFUSED;
  readonly openssl?: string | typeof UNREADABLE;
  readonly pasted?: string | typeof REFUSED;
  readonly readsBack?: false;
  readonly mongodRaw?: string;
  pem?: string;
  path?: string;
  oracle?: MongodOracleResult;
  printed?: string | typeof UNREADABLE;
  /** Why openssl or the builder could not produce or print the certificate. */
  failure?: string;
}

function reqConfig(stringMask: string): string {
  const oids = Object.entries(TEST_OIDS).map(([name, oid]) => `${name} = ${oid}`).join("\n");
  return `oid_section = new_oids\n[new_oids]\n${oids}\n[req]\ndistinguished_name = dn\nstring_mask = ${stringMask}\n[dn]\n`;
}

async function opensslCertificate(dir: string, index: number, row: OpensslDnCase): Promise<string> {
  const config = join(dir, `req-${index}.cnf`);
  await writeFile(config, reqConfig(row.stringMask ?? "utf8only"));
  const key = join(dir, `key-${index}.pem`);
  const cert = join(dir, `cert-${index}.pem`);
  const subject = ["-subj", row.subject, "-utf8", ...(row.multivalue ? ["-multivalue-rdn"] : [])];
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-config", config];
  if (row.version1) {
    const csr = join(dir, `req-${index}.csr`);
    await run("openssl", ["req", "-new", ...newKey, ...subject, "-out", csr]);
    await run("openssl", ["x509", "-req", "-in", csr, "-signkey", key, "-days", "1", "-out", cert]);
  } else {
    await run("openssl", ["req", "-x509", "-new", ...newKey, ...subject, "-days", "1", "-out", cert]);
  }
  return cert;
}

async function opensslSubject(path: string): Promise<string> {
  const { stdout } = await run("openssl", ["x509", "-in", path, "-noout", "-subject", "-nameopt", "RFC2253"]);
  return stdout.replace(/^subject=/, "").replace(/\n$/, "");
}

/** Runs `work` over `items`, CONCURRENCY at a time; a failure is recorded on the row, not thrown. */
async function inBatches<T>(items: readonly T[], first: number, work: (item: T, row: Row, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += CONCURRENCY) {
    const batch = items.slice(start, start + CONCURRENCY).map(async (item, offset) => {
      const row = rows[first + start + offset] as Row;
      try {
        await work(item, row, start + offset);
      } catch (error) {
        row.failure = error instanceof Error ? error.message : String(error);
      }
    });
    await Promise.all(batch);
  }
}

/** The value tags of a certificate's subject, in printed order. */
function printedTags(pem: string): number[] {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  const certificate = AsnParser.parse(der, Certificate);
  const view = AsnParser.parse(certificate.tbsCertificateRaw as ArrayBuffer, TbsCertificateSubjectView);
  const rdns = Array.from(view.subject, (rdn) => Array.from(rdn, (attribute) => new Uint8Array(attribute.value)[0] as number));
  return rdns.map((tags) => tags.reverse()).reverse().flat();
}

function isInvalidDn(error: unknown): boolean {
  return error instanceof PkiError && error.code === "INVALID_DN";
}

let dir = "";
const rows: Row[] = [...OPENSSL_CASES.map((row) => ({ ...row })), ...BUILT_CASES.map((row) => ({ ...row }))];

describe(`certificate subjects: ${OPENSSL_CASES.length} openssl-made and ${BUILT_CASES.length} built certificates`, () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "certgate-dn-"));
    const started = process.hrtime.bigint();
    await inBatches(OPENSSL_CASES, 0, async (row, target, index) => {
      const path = await opensslCertificate(dir, index, row);
      target.path = path;
      target.printed = await opensslSubject(path);
      target.pem = await readFile(path, "utf8");
    });
    await inBatches(BUILT_CASES, OPENSSL_CASES.length, async (row, target, index) => {
      target.pem = await buildCertificate(row.rdns);
      const path = join(dir, `built-${index}.pem`);
      await writeFile(path, target.pem);
      target.path = path;
      target.printed = await opensslSubject(path).catch(() => UNREADABLE);
    });
    const oracle = await compileMongodOracle(dir);
    const withPaths = rows.filter((row) => row.path !== undefined);
    const results = await oracle(withPaths.map((row) => row.path as string));
    withPaths.forEach((row, index) => {
      row.oracle = results[index];
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    process.stderr.write(`generated and printed ${rows.length} certificates in ${elapsed.toFixed(0)} ms\n`);
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const row of rows) {
    test(row.description, () => {
      assert.equal(row.failure, undefined, "certificate generation");
      const pem = row.pem as string;
      const printed = row.printed;
      if (row.types) assert.deepEqual(printedTags(pem), row.types.map((name) => TAGS[name]), "value types");
      if (row.mongod === REFUSED) {
        assert.ok(row.oracle !== undefined && "refused" in row.oracle, "the transcription of mongod refuses it too");
        assert.throws(() => renderCertificateSubject(pem), isInvalidDn);
      } else {
        assert.equal(renderCertificateSubject(pem), row.mongod, "rendered as mongod");
        assert.deepEqual(row.oracle, { name: row.mongodRaw ?? row.mongod }, "the transcription of mongod");
        if (row.mongod !== "" && row.readsBack !== false) assert.equal(canonicalizeDn(row.mongod), row.mongod, "the name reads back as itself");
      }
      const expectedOpenssl = row.openssl ?? row.mongod;
      assert.notEqual(expectedOpenssl, REFUSED, "a refused case must say what OpenSSL prints");
      assert.equal(printed, expectedOpenssl, "openssl -nameopt RFC2253");
      if (printed === UNREADABLE || printed === undefined) return;
      const pasted = row.pasted ?? row.mongod;
      if (pasted === REFUSED) {
        assert.throws(() => canonicalizeDn(printed), isInvalidDn);
      } else {
        assert.equal(canonicalizeDn(printed), pasted, "canonicalizeDn(openssl output)");
        assert.equal(dnEquals(printed, pasted), true);
      }
    });
  }
});
