/**
 * A throwaway OpenLDAP `slapd` (Debian's, installed by scripts/test-setup.mjs) for tests: a slapd.conf
 * with the mdb backend and the memberOf overlay, loaded with a small tree of people and groups over
 * LDAP with `ldapadd`, listening on free loopback ports for LDAP (StartTLS offered) and LDAPS with a
 * server certificate made by openssl (SAN IP:127.0.0.1 and DNS:localhost) under a test CA.
 *
 * A slapd that cannot start throws: tests that need it fail, they never skip.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { eventually } from "../gateway/support/eventually.js";
import { openssl, scratchDir } from "../pki/openssl-tool.js";
import { portAccepts } from "./port-accepts.js";

/** The base of the test tree. */
export const LDAP_SUFFIX = "dc=example,dc=org";
/** Where the people are. */
export const PEOPLE = `ou=people,${LDAP_SUFFIX}`;
/** Where the groups are. */
export const GROUPS = `ou=groups,${LDAP_SUFFIX}`;

/**
 * The test tree: alice is in `dbas` and `readers`, bob only in `readers`, carol in no group; `reader`
 * is the bind user the settings use (not the root DN).
 */
const TREE = `dn: ${LDAP_SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ${PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ${GROUPS}
objectClass: organizationalUnit
ou: groups

dn: cn=reader,${LDAP_SUFFIX}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: reader
userPassword: reader-secret

dn: uid=alice,${PEOPLE}
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: Liddell
mail: alice@example.org

dn: uid=bob,${PEOPLE}
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: Builder
mail: bob@example.org

dn: uid=carol,${PEOPLE}
objectClass: inetOrgPerson
uid: carol
cn: Carol
sn: Singer
mail: carol@example.org

dn: cn=dbas,${GROUPS}
objectClass: groupOfNames
cn: dbas
member: uid=alice,${PEOPLE}

dn: cn=readers,${GROUPS}
objectClass: groupOfNames
cn: readers
member: uid=alice,${PEOPLE}
member: uid=bob,${PEOPLE}
`;

/** A running slapd. */
export interface TestSlapd {
  readonly host: "127.0.0.1";
  readonly ldapPort: number;
  readonly ldapsPort: number;
  /** PEM of the CA that signed the server certificate. */
  readonly caPem: string;
  readonly readerDn: string;
  readonly readerPassword: string;
  readonly adminDn: string;
  readonly adminPassword: string;
  /** Applies LDIF changes as the root DN with Debian's `ldapmodify`. */
  modify(ldif: string): void;
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function makeCertificates(dir: string): void {
  openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
    "-subj", "/CN=certgate test LDAP CA", "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"], dir);
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-out", "server.pem", "-extfile", "server.ext"], dir);
}

function slapdConf(dir: string): string {
  return [
    "include /etc/ldap/schema/core.schema",
    "include /etc/ldap/schema/cosine.schema",
    "include /etc/ldap/schema/inetorgperson.schema",
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    "moduleload memberof",
    `pidfile ${join(dir, "slapd.pid")}`,
    `TLSCACertificateFile ${join(dir, "ca.pem")}`,
    `TLSCertificateFile ${join(dir, "server.pem")}`,
    `TLSCertificateKeyFile ${join(dir, "server.key")}`,
    "database mdb",
    "maxsize 10485760",
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "cn=admin,${LDAP_SUFFIX}"`,
    "rootpw admin-secret",
    `directory ${join(dir, "data")}`,
    "overlay memberof",
    "",
  ].join("\n");
}

/** Starts slapd with the test tree; throws when it does not come up within 10 s. */
export async function startTestSlapd(): Promise<TestSlapd> {
  const scratch = scratchDir("slapd");
  const dir = scratch.dir;
  makeCertificates(dir);
  spawnSync("mkdir", ["-p", join(dir, "data")]);
  writeFileSync(join(dir, "slapd.conf"), slapdConf(dir));
  const [ldapPort, ldapsPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(
    "/usr/sbin/slapd",
    ["-f", join(dir, "slapd.conf"), "-h", `ldap://127.0.0.1:${ldapPort}/ ldaps://127.0.0.1:${ldapsPort}/`, "-d", "0"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const kill = () => child.kill("SIGTERM");
  process.once("exit", kill);
  const stop = async () => {
    process.removeListener("exit", kill);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    scratch.remove();
  };
  try {
    await eventually(async () => {
      if (!((await portAccepts(ldapPort)) && (await portAccepts(ldapsPort)))) throw new Error(`slapd did not start (exit ${child.exitCode}): ${log}`);
    }, 10_000);
    const adminDn = `cn=admin,${LDAP_SUFFIX}`;
    const modify = (ldif: string, add = false) => {
      const args = ["-x", "-H", `ldap://127.0.0.1:${ldapPort}`, "-D", adminDn, "-w", "admin-secret", ...(add ? ["-a"] : [])];
      const result = spawnSync("ldapmodify", args, { input: ldif, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`ldapmodify failed (${result.status}): ${result.stderr}`);
    };
    modify(TREE, true);
    return {
      host: "127.0.0.1",
      ldapPort,
      ldapsPort,
      caPem: openssl(["x509", "-in", "ca.pem"], dir),
      readerDn: `cn=reader,${LDAP_SUFFIX}`,
      readerPassword: "reader-secret",
      adminDn,
      adminPassword: "admin-secret",
      modify: (ldif) => modify(ldif),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The project LDAP settings the tests start from: authentication and authorization on, LDAPS to
 * `slapd` with its reader account, and users mapped to `uid=<name>` under {@link PEOPLE}.
 */
export function ldapsSettings(slapd: TestSlapd, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    authenticationEnabled: true,
    authorizationEnabled: true,
    hostname: "127.0.0.1",
    port: slapd.ldapsPort,
    bindUsername: slapd.readerDn,
    bindPassword: slapd.readerPassword,
    caCertificate: slapd.caPem,
    userToDNMapping: [{ match: "(.+)", substitution: `uid={0},${PEOPLE}` }],
    ...overrides,
  };
}
