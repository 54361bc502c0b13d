/** Every error path of the API answers Atlas's error body with the right status, naming its cause. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ApiFixture } from "../api-harness.js";
import { digestJson, digestRequest } from "../digest-client.js";
import { makeCaPem, makeLeafPem } from "../openssl.js";

interface ErrorBody {
  detail: string;
  error: number;
  errorCode: string;
  parameters: unknown[];
  reason: string;
}

/** Declares the error tests. */
export function errorsSuite(fx: () => ApiFixture): void {
  const group = () => `${fx().api}/groups/${fx().projectId}`;
  const expectError = async (
    res: Promise<{ status: number; json: unknown; result: { body: string } }>,
    status: number,
    errorCode: string,
    detail?: RegExp,
  ): Promise<ErrorBody> => {
    const r = await res;
    assert.equal(r.status, status, r.result.body);
    const body = r.json as ErrorBody;
    assert.equal(body.errorCode, errorCode, r.result.body);
    assert.equal(body.error, status);
    assert.equal(typeof body.reason, "string");
    assert.ok(Array.isArray(body.parameters));
    if (detail) assert.match(body.detail, detail);
    assert.ok(!/at .*\.js:\d+|SELECT |INSERT /i.test(r.result.body), "no stack traces or SQL");
    return body;
  };

  test("setup: a MANAGED, a CUSTOMER and a SCRAM user", async () => {
    const { owner } = fx();
    for (const body of [
      { databaseName: "$external", username: "err-managed", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
      { databaseName: "$external", username: "CN=err-customer,O=Acme", x509Type: "CUSTOMER", roles: [{ roleName: "read", databaseName: "app" }] },
      { databaseName: "admin", username: "err-scram", password: "correct horse battery", roles: [{ roleName: "read", databaseName: "app" }] },
    ]) {
      const res = await digestJson(`${group()}/databaseUsers`, owner, { method: "POST", body });
      assert.equal(res.status, 201, res.result.body);
    }
  });

  test("monthsUntilExpiration 0, 25 and \"x\" are refused with 400 naming the problem", async () => {
    const url = `${group()}/databaseUsers/err-managed/certs`;
    await expectError(digestJson(url, fx().owner, { method: "POST", body: { monthsUntilExpiration: 0 } }), 400, "INVALID_ATTRIBUTE", /monthsUntilExpiration/);
    await expectError(digestJson(url, fx().owner, { method: "POST", body: { monthsUntilExpiration: 25 } }), 400, "CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS");
    const x = await expectError(digestJson(url, fx().owner, { method: "POST", body: { monthsUntilExpiration: "x" } }), 400, "INVALID_ATTRIBUTE", /monthsUntilExpiration/);
    assert.deepEqual(x.parameters, ["monthsUntilExpiration"]);
  });

  test("certificates only for MANAGED users: CUSTOMER and SCRAM users get USER_NOT_MANAGED_X509, unknown users 404", async () => {
    await expectError(
      digestJson(`${group()}/databaseUsers/${encodeURIComponent("CN=err-customer,O=Acme")}/certs`, fx().owner, { method: "POST", body: {} }),
      400,
      "USER_NOT_MANAGED_X509",
    );
    await expectError(digestJson(`${group()}/databaseUsers/err-scram/certs`, fx().owner, { method: "POST", body: {} }), 400, "USER_NOT_MANAGED_X509");
    await expectError(digestJson(`${group()}/databaseUsers/nobody/certs`, fx().owner, { method: "POST", body: {} }), 404, "USERNAME_NOT_FOUND");
  });

  test("unknown fields are rejected by name, at the top level and nested", async () => {
    const top = await expectError(
      digestJson(`${group()}/databaseUsers/err-managed/certs`, fx().owner, { method: "POST", body: { monthsUntilExpiration: 3, foo: 1 } }),
      400,
      "INVALID_ATTRIBUTE",
    );
    assert.equal(top.detail, "Invalid attribute foo specified.");
    assert.deepEqual(top.parameters, ["foo"]);
    const nested = await expectError(
      digestJson(`${group()}/databaseUsers`, fx().owner, {
        method: "POST",
        body: { databaseName: "$external", username: "n", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app", bogus: true }] },
      }),
      400,
      "INVALID_ATTRIBUTE",
    );
    assert.equal(nested.detail, "Invalid attribute roles[0].bogus specified.");
  });

  test("missing required fields, wrong types and bad enum values name the field", async () => {
    await expectError(
      digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: { databaseName: "$external", x509Type: "MANAGED", roles: [] } }),
      400,
      "MISSING_ATTRIBUTE",
      /^The required attribute username was not specified\.$/,
    );
    await expectError(
      digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: { username: "t", roles: "read" } }),
      400,
      "INVALID_ATTRIBUTE",
      /roles/,
    );
    const e = await expectError(
      digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: { username: "t", x509Type: "SOMETIMES", roles: [] } }),
      400,
      "INVALID_ENUM_VALUE",
    );
    assert.deepEqual(e.parameters, ["SOMETIMES"]);
  });

  test("malformed JSON is 400 INVALID_JSON", async () => {
    const res = await digestRequest(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: '{"username": "x",' });
    assert.equal(res.status, 400);
    const body = JSON.parse(res.body) as ErrorBody;
    assert.equal(body.errorCode, "INVALID_JSON");
    assert.match(body.detail, /^Received JSON is malformed: /);
  });

  test("bodies must be JSON and at most 1 MiB", async () => {
    const text = await digestRequest(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: "username=x", headers: { "content-type": "text/plain" } });
    assert.equal(text.status, 415, text.body);
    assert.equal((JSON.parse(text.body) as ErrorBody).errorCode, "UNSUPPORTED_MEDIA_TYPE");
    const huge = await digestRequest(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: JSON.stringify({ username: "x".repeat(1_100_000) }) });
    assert.equal(huge.status, 413, huge.body.slice(0, 200));
    assert.equal((JSON.parse(huge.body) as ErrorBody).errorCode, "PAYLOAD_TOO_LARGE");
  });

  test("unknown and malformed project ids: 404 GROUP_NOT_FOUND and 404 INVALID_GROUP_ID", async () => {
    const unknown = "0123456789abcdef01234567";
    const body = await expectError(digestJson(`${fx().api}/groups/${unknown}/databaseUsers`, fx().owner), 404, "GROUP_NOT_FOUND");
    assert.deepEqual(body.parameters, [unknown]);
    await expectError(digestJson(`${fx().api}/groups/not-an-id/databaseUsers`, fx().owner), 404, "INVALID_GROUP_ID", /not-an-id/);
  });

  test("bad query parameters: itemsPerPage 501, pageNum 0, unknown names", async () => {
    await expectError(digestJson(`${group()}/databaseUsers?itemsPerPage=501`, fx().owner), 400, "INVALID_QUERY_PARAMETER", /itemsPerPage/);
    await expectError(digestJson(`${group()}/databaseUsers?pageNum=0`, fx().owner), 400, "INVALID_QUERY_PARAMETER", /pageNum/);
    await expectError(digestJson(`${group()}/databaseUsers?color=blue`, fx().owner), 400, "INVALID_QUERY_PARAMETER", /color/);
  });

  test("a customer CA bundle with a bad certificate is refused naming its position and subject; nothing is stored", async () => {
    const good = makeCaPem("Good Root CA");
    const leaf = makeLeafPem("Not A CA");
    const res = await digestJson(`${group()}/userSecurity`, fx().owner, { method: "PATCH", body: { customerX509: { cas: `${good}${leaf}` } } });
    assert.equal(res.status, 400, res.result.body);
    const body = res.json as ErrorBody;
    assert.match(body.detail, /2/);
    assert.match(body.detail, /Not A CA/);
    const garbage = await digestJson(`${group()}/userSecurity`, fx().owner, { method: "PATCH", body: { customerX509: { cas: "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n" } } });
    assert.equal(garbage.status, 400, garbage.result.body);
    const now = await digestJson(`${group()}/userSecurity`, fx().owner);
    assert.deepEqual((now.json as { customerX509: object }).customerX509, {});
  });

  test("duplicates are 409 and unknown custom roles 404", async () => {
    await expectError(
      digestJson(`${group()}/databaseUsers`, fx().owner, {
        method: "POST",
        body: { databaseName: "$external", username: "err-managed", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
      }),
      409,
      "USER_ALREADY_EXISTS",
    );
    await expectError(digestJson(`${group()}/customDBRoles/roles/nope`, fx().owner), 404, "ATLAS_CUSTOM_ROLE_NOT_FOUND");
  });
}
