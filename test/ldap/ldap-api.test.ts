/**
 * The Admin API's LDAP surface (atlas-api.md §7) over HTTP Digest: settings round trip with a
 * write-only, sealed bind password; validation; verify against a real slapd reporting each check;
 * verify status; removal of userToDNMapping; Project Owner required.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { makeCaPem } from "../api/openssl.js";
import { startApi, type ApiFixture } from "../api/api-harness.js";
import { digestJson, type ApiKeyPair } from "../api/digest-client.js";
import { forEachStoreDialect } from "../support/test-stores.js";
import { freePort, GROUPS, ldapsSettings, startTestSlapd, type TestSlapd } from "../support/slapd.js";
import type { Store } from "../../src/store/index.js";
import { findLdapSettings } from "../../src/store/repos/ldap.js";

let slapd: TestSlapd;
before(async () => {
  slapd = await startTestSlapd();
});
after(async () => {
  await slapd.stop();
});

type Json = Record<string, unknown>;

async function call(api: ApiFixture, key: ApiKeyPair, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const { status, json } = await digestJson(`${api.api}/groups/${api.projectId}${path}`, key, { method, ...(body === undefined ? {} : { body }) });
  return { status, json: json as Json };
}

function settings(): Json {
  return ldapsSettings(slapd, { authzQueryTemplate: "{USER}?memberOf?base" }) as Json;
}

function verifyBody(overrides: Json = {}): Json {
  return {
    hostname: "127.0.0.1",
    port: slapd.ldapsPort,
    bindUsername: slapd.readerDn,
    bindPassword: slapd.readerPassword,
    caCertificate: slapd.caPem,
    ...overrides,
  };
}

forEachStoreDialect("LDAP API", ({ freshStore }) => {
  let store: Store;
  let api: ApiFixture;
  before(async () => {
    store = await freshStore();
    api = await startApi(store);
  });
  after(async () => {
    await api.close();
  });

  test("ldap settings round trip: PATCH 202, GET shows them, bindPassword is never returned and is sealed at rest", async () => {
    assert.deepEqual((await call(api, api.owner, "GET", "/userSecurity")).json, { customerX509: {}, ldap: {} });
    const saved = await call(api, api.owner, "PATCH", "/userSecurity", { ldap: settings() });
    assert.equal(saved.status, 202, JSON.stringify(saved.json));
    const { bindPassword: _hidden, ...shown } = settings();
    assert.deepEqual(saved.json, { customerX509: {}, ldap: shown });
    assert.deepEqual(Object.keys(saved.json.ldap as Json), Object.keys(shown).sort(), "fields in alphabetical order");
    assert.deepEqual((await call(api, api.owner, "GET", "/userSecurity")).json, saved.json);

    const row = await findLdapSettings(store.db, api.projectId);
    assert.ok(row?.sealed_bind_password, "a sealed password is stored");
    assert.ok(!JSON.stringify(row).includes(slapd.readerPassword), "the password is not stored in clear");
    assert.ok(!Buffer.from(row.sealed_bind_password, "base64").toString("latin1").includes(slapd.readerPassword));

    const partial = await call(api, api.owner, "PATCH", "/userSecurity", { ldap: { authorizationEnabled: false, caCertificate: "" } });
    assert.equal(partial.status, 202);
    const { caCertificate: _removed, ...rest } = shown;
    assert.deepEqual(partial.json.ldap, { ...rest, authorizationEnabled: false }, "other fields kept; an empty caCertificate removes it");

    const unmapped = await call(api, api.owner, "DELETE", "/userSecurity/ldap/userToDNMapping");
    assert.equal(unmapped.status, 202);
    const { userToDNMapping: _gone, ...kept } = rest;
    assert.deepEqual(unmapped.json, { customerX509: {}, ldap: { ...kept, authorizationEnabled: false } });
  });

  test("invalid ldap settings are refused with Atlas's error body, naming the field", async () => {
    const cases: [Json, number, string, string][] = [
      [{ color: "blue" }, 400, "INVALID_ATTRIBUTE", "ldap.color"],
      [{ port: 70000 }, 400, "INVALID_ATTRIBUTE", "ldap.port"],
      [{ hostname: "not a host" }, 400, "INVALID_ATTRIBUTE", "ldap.hostname"],
      [{ bindUsername: "not a dn" }, 400, "INVALID_ATTRIBUTE", "ldap.bindUsername"],
      [{ caCertificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }, 400, "INVALID_ATTRIBUTE", "ldap.caCertificate"],
      [{ authzQueryTemplate: "{USER}?memberOf?everywhere" }, 400, "INVALID_ATTRIBUTE", "ldap.authzQueryTemplate"],
      [{ userToDNMapping: [{ match: "(", substitution: "cn={0}" }] }, 400, "INVALID_ATTRIBUTE", "ldap.userToDNMapping[0].match"],
      [{ userToDNMapping: [{ match: "(a+)+$", substitution: "cn={0}" }] }, 400, "INVALID_ATTRIBUTE", "ldap.userToDNMapping[0].match"],
      [{ userToDNMapping: [{ match: "(.+)" }] }, 400, "INVALID_ATTRIBUTE", "ldap.userToDNMapping[0]"],
      [{ userToDNMapping: [{ substitution: "cn={0}" }] }, 400, "MISSING_ATTRIBUTE", "ldap.userToDNMapping[0].match"],
      [{ userToDNMapping: [{ match: "(.+)", ldapQuery: "ou=x??one?(uid={USER})" }] }, 400, "INVALID_ATTRIBUTE", "ldap.userToDNMapping[0].ldapQuery"],
    ];
    for (const [ldap, status, code, field] of cases) {
      const { status: got, json } = await call(api, api.owner, "PATCH", "/userSecurity", { ldap });
      assert.equal(got, status, JSON.stringify(ldap));
      assert.equal(json.errorCode, code, JSON.stringify(json));
      assert.deepEqual(json.parameters, [field], JSON.stringify(json));
    }
    const other = await api.otherOrgKey();
    const fresh = await digestJson(`${api.api}/groups/${api.projectId}/userSecurity`, other, { method: "PATCH", body: { ldap: { hostname: "x" } } });
    assert.equal(fresh.status, 401);
  });

  test("enabling LDAP requires a host, a bind user and a bind password", async () => {
    const local = await startApi(await freshStore());
    try {
      const { status, json } = await digestJson(`${local.api}/groups/${local.projectId}/userSecurity`, local.owner, {
        method: "PATCH",
        body: { ldap: { authorizationEnabled: true, hostname: "127.0.0.1", bindUsername: slapd.readerDn } },
      });
      assert.equal(status, 400);
      assert.deepEqual([(json as Json).errorCode, (json as Json).parameters], ["MISSING_ATTRIBUTE", ["ldap.bindPassword"]]);
    } finally {
      await local.close();
    }
  });

  test("verify reports each check: success, bad bind, unreachable server, wrong CA, bad template, failing query", async () => {
    const ok = await call(api, api.owner, "POST", "/userSecurity/ldap/verify", verifyBody({ authzQueryTemplate: `${GROUPS}??one?(member={USER})` }));
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.match(String(ok.json.requestId), /^[a-f0-9]{24}$/);
    assert.deepEqual(ok.json, {
      groupId: api.projectId,
      links: [{ href: `${api.api}/groups/${api.projectId}/userSecurity/ldap/verify/${String(ok.json.requestId)}`, rel: "self" }],
      request: {
        authzQueryTemplate: `${GROUPS}??one?(member={USER})`,
        bindUsername: slapd.readerDn,
        caCertificate: slapd.caPem,
        hostname: "127.0.0.1",
        port: slapd.ldapsPort,
      },
      requestId: ok.json.requestId,
      status: "SUCCESS",
      validations: ["CONNECT", "AUTHENTICATE", "PARSE_AUTHZ_QUERY", "QUERY_SERVER"].map((validationType) => ({ status: "OK", validationType })),
    });
    const again = await call(api, api.owner, "GET", `/userSecurity/ldap/verify/${String(ok.json.requestId)}`);
    assert.deepEqual(again, { status: 200, json: ok.json });

    const closedPort = await freePort();
    // The failed check carries its reason (a certgate extension); the checks that passed carry none.
    const cases: [Json, [string, string][], RegExp?][] = [
      [{ bindPassword: "wrong" }, [["CONNECT", "OK"], ["AUTHENTICATE", "FAIL"]], /^bind as cn=.* refused: .*Invalid credentials|invalidCredentials|LDAP result 49/i],
      [{ port: closedPort }, [["CONNECT", "FAIL"]], new RegExp(`^cannot reach 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED`)],
      [{ caCertificate: makeCaPem("Not the LDAP CA") }, [["CONNECT", "FAIL"]], /certificate/i],
      [{ authzQueryTemplate: "{USER}?memberOf?sideways" }, [["CONNECT", "OK"], ["AUTHENTICATE", "OK"], ["PARSE_AUTHZ_QUERY", "FAIL"]], /sideways/],
      [{ authzQueryTemplate: "ou=nowhere,dc=example,dc=org??one?(member={USER})" }, [["CONNECT", "OK"], ["AUTHENTICATE", "OK"], ["PARSE_AUTHZ_QUERY", "OK"], ["QUERY_SERVER", "FAIL"]], /^search of ou=nowhere,dc=example,dc=org failed: .*LDAP result 32/],
      [{ port: slapd.ldapPort, transportSecurity: "STARTTLS" }, [["CONNECT", "OK"], ["AUTHENTICATE", "OK"]]],
    ];
    for (const [overrides, expected, reason] of cases) {
      const { status, json } = await call(api, api.owner, "POST", "/userSecurity/ldap/verify", verifyBody(overrides));
      assert.equal(status, 200);
      const failed = expected.some(([, s]) => s === "FAIL");
      assert.equal(json.status, failed ? "FAILED" : "SUCCESS", JSON.stringify(overrides));
      const validations = json.validations as { status: string; validationType: string; reason?: string }[];
      assert.deepEqual(
        validations.map(({ reason: _reason, ...rest }) => rest),
        expected.map(([validationType, s]) => ({ status: s, validationType })),
        JSON.stringify(overrides),
      );
      for (const v of validations) {
        if (v.status === "OK") assert.equal(v.reason, undefined, JSON.stringify(v));
        else assert.match(v.reason ?? "", reason ?? /^$/, JSON.stringify(overrides));
      }
      assert.equal((json.request as Json).bindPassword, undefined, "the password is not echoed");
    }
  });

  test("verify: missing fields refused; an unknown requestId is LDAP_VERIFY_CONNECTIVITY_REQUEST_NOT_FOUND; Project Owner only", async () => {
    const { bindPassword: _p, ...noPassword } = verifyBody();
    const missing = await call(api, api.owner, "POST", "/userSecurity/ldap/verify", noPassword);
    assert.deepEqual([missing.status, missing.json.errorCode, missing.json.parameters], [400, "MISSING_ATTRIBUTE", ["bindPassword"]]);
    const unknown = await call(api, api.owner, "GET", "/userSecurity/ldap/verify/0123456789abcdef01234567");
    assert.deepEqual([unknown.status, unknown.json.errorCode], [404, "LDAP_VERIFY_CONNECTIVITY_REQUEST_NOT_FOUND"]);

    const ownerActor = (await api.core.apiKeys.authenticate(api.owner.publicKey))?.actor;
    assert.ok(ownerActor);
    const key = await api.core.apiKeys.create(ownerActor, api.orgId, { desc: "read only", roles: ["ORG_MEMBER"] });
    await api.core.apiKeys.assignToProject(ownerActor, api.projectId, key.id, ["GROUP_READ_ONLY"]);
    const readOnly = { publicKey: key.publicKey, privateKey: key.privateKey };
    for (const [method, path, body] of [
      ["GET", "/userSecurity", undefined],
      ["PATCH", "/userSecurity", { ldap: { authorizationEnabled: false } }],
      ["POST", "/userSecurity/ldap/verify", verifyBody()],
      ["DELETE", "/userSecurity/ldap/userToDNMapping", undefined],
    ] as const) {
      const refused = await call(api, readOnly, method, path, body);
      assert.deepEqual([refused.status, refused.json.errorCode], [401, "USER_UNAUTHORIZED"], `${method} ${path}`);
    }
  });
});
