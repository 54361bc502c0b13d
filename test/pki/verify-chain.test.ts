/**
 * verifyClientChain against chains made by the openssl command line, with `openssl verify -purpose
 * sslclient` run on the same files as a second opinion wherever OpenSSL has one.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createManagedCa } from "../../src/pki/managed-ca.js";
import { issueUserCertificate } from "../../src/pki/issue-user-certificate.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { PkiError } from "../../src/pki/pki-error.js";
import { PreparedTrustAnchors, verifyClientChain, type TrustAnchor } from "../../src/pki/verify-chain.js";
import { CLIENT_EXTENSIONS, caExtensions, makeRoot, makeSigned, type OpensslCert } from "./openssl-hierarchy.js";
import { runOpenssl, scratchDir } from "./openssl-tool.js";

interface Case {
  name: string;
  chain: () => (string | Uint8Array)[];
  anchors: () => TrustAnchor[];
  /** The anchor id expected to vouch, or a pattern the CHAIN_UNTRUSTED reason must match. */
  expect: string | RegExp;
  /** What `openssl verify -purpose sslclient` must say for the same files; undefined where it has no equivalent check. */
  openssl?: boolean;
  now?: () => Date;
}

describe("verifyClientChain with openssl-made chains", () => {
  const scratch = scratchDir("verify-chain");
  const dir = scratch.dir;
  const c: Record<string, OpensslCert> = {};
  let managedPem = "";
  let managedLeafPem = "";
  const anchor = (id: string, cert: OpensslCert): TrustAnchor => ({ id, kind: "customer", certificate: cert.pem });

  before(async () => {
    c.root = makeRoot(dir, "root");
    c.inter = makeSigned(dir, "inter", c.root, caExtensions(0));
    c.leafViaInter = makeSigned(dir, "leafViaInter", c.inter, CLIENT_EXTENSIONS);
    c.leaf = makeSigned(dir, "leaf", c.root, CLIENT_EXTENSIONS);
    c.otherRoot = makeRoot(dir, "otherRoot");
    c.leafOther = makeSigned(dir, "leafOther", c.otherRoot, CLIENT_EXTENSIONS);
    c.expired = makeSigned(dir, "expired", c.root, CLIENT_EXTENSIONS, -1);
    c.serverOnly = makeSigned(dir, "serverOnly", c.root, ["keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth"]);
    c.noEku = makeSigned(dir, "noEku", c.root, ["keyUsage=critical,digitalSignature"]);
    c.encipherOnly = makeSigned(dir, "encipherOnly", c.root, ["keyUsage=critical,keyEncipherment", "extendedKeyUsage=clientAuth"]);
    c.unknownCritical = makeSigned(dir, "unknownCritical", c.root, [...CLIENT_EXTENSIONS, "1.2.3.4=critical,ASN1:UTF8String:x"]);
    c.notCa = makeSigned(dir, "notCa", c.root, ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyCertSign"]);
    c.leafViaNotCa = makeSigned(dir, "leafViaNotCa", c.notCa, CLIENT_EXTENSIONS);
    c.tightRoot = makeRoot(dir, "tightRoot", caExtensions(0));
    c.interUnderTight = makeSigned(dir, "interUnderTight", c.tightRoot, caExtensions());
    c.leafUnderTight = makeSigned(dir, "leafUnderTight", c.interUnderTight, CLIENT_EXTENSIONS);
    c.serverInter = makeSigned(dir, "serverInter", c.root, [...caExtensions(), "extendedKeyUsage=serverAuth"]);
    c.leafViaServerInter = makeSigned(dir, "leafViaServerInter", c.serverInter, CLIENT_EXTENSIONS);
    c.shortRoot = makeRoot(dir, "shortRoot", caExtensions(), 2);
    c.leafUnderShort = makeSigned(dir, "leafUnderShort", c.shortRoot, CLIENT_EXTENSIONS, 10);
    c.caLeaf = makeSigned(dir, "caLeaf", c.root, [...caExtensions(), "extendedKeyUsage=clientAuth"]);

    const masterKey = MasterKey.random();
    const managed = await createManagedCa({ caId: "m1", projectId: "p", masterKey, keyAlgorithm: "EC_P256" });
    managedPem = managed.certificatePem;
    const issued = await issueUserCertificate({ ca: managed, masterKey, caId: "m1", username: "alice", months: 1, keyAlgorithm: "EC_P256" });
    managedLeafPem = issued.certificatePem;
    writeFileSync(join(dir, "managed.pem"), managedPem);
    writeFileSync(join(dir, "managedLeaf.pem"), managedLeafPem);
  });
  after(() => scratch.remove());

  const customer = () => [anchor("cust-root", c.root!)];
  const cases: Case[] = [
    { name: "leaf signed by the anchor", chain: () => [c.leaf!.pem], anchors: customer, expect: "cust-root", openssl: true },
    { name: "leaf -> intermediate -> anchor", chain: () => [c.leafViaInter!.pem, c.inter!.pem], anchors: customer, expect: "cust-root", openssl: true },
    {
      name: "intermediates in any order, the root included, as DER",
      chain: () => [c.leafViaInter!.der, c.root!.der, c.inter!.der],
      anchors: customer,
      expect: "cust-root",
      openssl: true,
    },
    { name: "missing intermediate", chain: () => [c.leafViaInter!.pem], anchors: customer, expect: /no trusted CA issued the client certificate "CN=leafViaInter/, openssl: false },
    { name: "certificate of another CA", chain: () => [c.leafOther!.pem], anchors: customer, expect: /no trusted CA issued the client certificate "CN=leafOther/, openssl: false },
    { name: "expired leaf", chain: () => [c.expired!.pem], anchors: customer, expect: /client certificate "CN=expired,O=certgate tests" expired at/, openssl: false },
    { name: "leaf whose EKU lacks clientAuth", chain: () => [c.serverOnly!.pem], anchors: customer, expect: /extendedKeyUsage without clientAuth/, openssl: false },
    { name: "leaf without EKU", chain: () => [c.noEku!.pem], anchors: customer, expect: "cust-root", openssl: true },
    { name: "leaf whose keyUsage allows neither signing nor key agreement", chain: () => [c.encipherOnly!.pem], anchors: customer, expect: /keyUsage without digitalSignature/, openssl: false },
    { name: "unknown critical extension", chain: () => [c.unknownCritical!.pem], anchors: customer, expect: /unsupported critical extension\(s\) 1\.2\.3\.4/, openssl: false },
    { name: "intermediate that is not a CA", chain: () => [c.leafViaNotCa!.pem, c.notCa!.pem], anchors: customer, expect: /intermediate CA "CN=notCa,O=certgate tests" is not a CA/, openssl: false },
    {
      name: "anchor pathlen 0 with an intermediate below it",
      chain: () => [c.leafUnderTight!.pem, c.interUnderTight!.pem],
      anchors: () => [anchor("tight", c.tightRoot!)],
      expect: /allows 0 intermediate\(s\) below it, the path has 1/,
      openssl: false,
    },
    { name: "intermediate whose EKU lacks clientAuth", chain: () => [c.leafViaServerInter!.pem, c.serverInter!.pem], anchors: customer, expect: /intermediate CA "CN=serverInter,O=certgate tests" has extendedKeyUsage without clientAuth/, openssl: false },
    // OpenSSL accepts a CA certificate as a client certificate; certgate does not, since a CA is not a user.
    { name: "CA certificate presented as the client certificate", chain: () => [c.caLeaf!.pem], anchors: customer, expect: /is a CA certificate, not a client certificate/ },
    {
      name: "a leaf that becomes valid only later",
      chain: () => [c.leaf!.pem],
      anchors: customer,
      now: () => new Date(Date.now() - 2 * 86_400_000),
      expect: /not valid until/,
    },
    {
      name: "anchor expired while the leaf is still valid",
      chain: () => [c.leafUnderShort!.pem],
      anchors: () => [anchor("short", c.shortRoot!)],
      now: () => new Date(Date.now() + 3 * 86_400_000),
      expect: /customer CA "CN=shortRoot,O=certgate tests" expired at/,
    },
    {
      name: "managed and customer anchors side by side: the managed CA's certificate",
      chain: () => [managedLeafPem],
      anchors: () => [anchor("cust-root", c.root!), { id: "m1", kind: "managed", certificate: managedPem }],
      expect: "m1",
    },
    {
      name: "managed and customer anchors side by side: the customer CA's certificate",
      chain: () => [c.leafViaInter!.pem, c.inter!.pem],
      anchors: () => [{ id: "m1", kind: "managed", certificate: managedPem }, anchor("cust-root", c.root!)],
      expect: "cust-root",
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, () => {
      const anchors = testCase.anchors();
      const chain = testCase.chain();
      const now = testCase.now ? testCase.now() : new Date();
      // Plain anchors and anchors parsed once must give the same verdict.
      for (const given of [anchors, new PreparedTrustAnchors(anchors)]) {
        if (typeof testCase.expect === "string") {
          const verified = verifyClientChain(chain, given, now);
          assert.equal(verified.anchor.id, testCase.expect);
          assert.ok(verified.serial > 0n);
          assert.equal(verified.leaf.raw.equals(verified.leafDer), true);
        } else {
          const pattern = testCase.expect;
          assert.throws(
            () => verifyClientChain(chain, given, now),
            (error: unknown) => error instanceof PkiError && error.code === "CHAIN_UNTRUSTED" && pattern.test(error.message),
          );
        }
      }
      if (testCase.openssl !== undefined) {
        const pem = (item: string | Uint8Array) =>
          typeof item === "string" ? item : `-----BEGIN CERTIFICATE-----\n${Buffer.from(item).toString("base64")}\n-----END CERTIFICATE-----\n`;
        writeFileSync(join(dir, "case-anchors.pem"), anchors.map((a) => a.certificate).join(""));
        writeFileSync(join(dir, "case-leaf.pem"), pem(chain[0]!));
        writeFileSync(join(dir, "case-untrusted.pem"), chain.slice(1).map(pem).join("") || "\n");
        const args = ["verify", "-purpose", "sslclient", "-CAfile", "case-anchors.pem"];
        if (chain.length > 1) args.push("-untrusted", "case-untrusted.pem");
        const run = runOpenssl([...args, "case-leaf.pem"], dir);
        assert.equal(run.status === 0, testCase.openssl, `openssl verify said: ${run.stdout}${run.stderr}`);
      }
    });
  }

  it("names an anchor that cannot be parsed", () => {
    const broken: TrustAnchor = { id: "bad-anchor", kind: "customer", certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" };
    const invalid = (error: unknown) => error instanceof PkiError && error.code === "INVALID_PEM" && /customer CA bad-anchor/.test(error.message);
    assert.throws(() => new PreparedTrustAnchors([broken]), invalid);
    assert.throws(() => verifyClientChain([c.leaf!.pem], [broken], new Date()), invalid);
  });

  it("reports the intermediates it used, leaf side first", () => {
    const verified = verifyClientChain([c.leafViaInter!.der, c.root!.der, c.inter!.der], customer(), new Date());
    assert.deepEqual(verified.intermediates.map((cert) => cert.raw.toString("hex")), [c.inter!.der.toString("hex")]);
  });

  it("rejects an empty chain and unparsable input with CHAIN_UNTRUSTED", () => {
    const untrusted = (error: unknown) => error instanceof PkiError && error.code === "CHAIN_UNTRUSTED";
    assert.throws(() => verifyClientChain([], customer(), new Date()), untrusted);
    assert.throws(() => verifyClientChain([new Uint8Array([1, 2, 3])], customer(), new Date()), untrusted);
  });
});
