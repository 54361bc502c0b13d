/** Atlas's response conventions: pretty, envelope, pagination links, exact int64 serials, DN user names in paths, v2. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { ApiFixture } from "../api-harness.js";
import { digestJson, digestRequest } from "../digest-client.js";
import { openssl, pemBlocks } from "../openssl.js";

/** Declares the response-format tests. */
export function formatSuite(fx: () => ApiFixture): void {
  const group = () => `${fx().api}/groups/${fx().projectId}`;
  const managed = (username: string) => ({ databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] });

  test("setup: five MANAGED users fmt-1..fmt-5", async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: managed(`fmt-${i}`) });
      assert.equal(res.status, 201, res.result.body);
    }
  });

  test("pretty=true prints Atlas's style: two-space indent, spaced colons, arrays on the opening line", async () => {
    const res = await digestRequest(`${group()}/databaseUsers/$external/fmt-1?pretty=true`, fx().owner);
    assert.equal(res.status, 200);
    assert.match(res.body, /^\{\n {2}"awsIAMType" : "NONE",\n/);
    assert.match(res.body, /\n {2}"links" : \[ \{\n {4}"href" : "http:\/\/127\.0\.0\.1:\d+\/api\/atlas\/v1\.0\/groups\/[0-9a-f]{24}\/databaseUsers\/\$external\/fmt-1",\n {4}"rel" : "self"\n {2}\} \],\n/);
    assert.match(res.body, /\n {2}"scopes" : \[ \],?\n/);
    assert.match(String(res.headers["content-type"]), /^application\/json; charset=utf-8$/);
    const compact = await digestRequest(`${group()}/databaseUsers/$external/fmt-1`, fx().owner);
    assert.ok(!compact.body.includes("\n"));
    assert.deepEqual(JSON.parse(res.body), JSON.parse(compact.body));
  });

  test("envelope=true: entities become {status, content}, lists get status, the status line says 200", async () => {
    const one = await digestJson(`${group()}/databaseUsers/$external/fmt-1?envelope=true`, fx().owner);
    assert.equal(one.status, 200);
    assert.equal((one.json as { status: number }).status, 200);
    assert.equal((one.json as { content: { username: string } }).content.username, "fmt-1");

    const created = await digestJson(`${group()}/databaseUsers?envelope=true`, fx().owner, { method: "POST", body: managed("fmt-env") });
    assert.equal(created.status, 200);
    assert.equal((created.json as { status: number }).status, 201);

    const list = await digestJson(`${group()}/databaseUsers?envelope=true&itemsPerPage=1`, fx().owner);
    assert.equal(list.status, 200);
    const l = list.json as { status: number; results: unknown[]; links: unknown[]; totalCount: number };
    assert.equal(l.status, 200);
    assert.equal(l.results.length, 1);

    const missing = await digestJson(`${group()}/databaseUsers/$external/nobody?envelope=true`, fx().owner);
    assert.equal(missing.status, 200);
    assert.deepEqual((missing.json as { status: number }).status, 404);
    assert.equal((missing.json as { content: { errorCode: string } }).content.errorCode, "USERNAME_NOT_FOUND");

    const deleted = await digestJson(`${group()}/databaseUsers/$external/fmt-env?envelope=true`, fx().owner, { method: "DELETE" });
    assert.equal(deleted.status, 200);
    assert.deepEqual(deleted.json, { status: 204 });

    const pem = await digestJson(`${group()}/databaseUsers/fmt-1/certs?envelope=true`, fx().owner, { method: "POST", body: { monthsUntilExpiration: 1 } });
    assert.equal(pem.status, 200);
    const env = pem.json as { status: number; content: string };
    assert.equal(env.status, 201);
    assert.deepEqual(pemBlocks(env.content).map((b) => b.label), ["CERTIFICATE", "PRIVATE KEY"]);
  });

  test("DELETE without envelope is 204 with no body", async () => {
    await digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body: managed("fmt-gone") });
    const res = await digestRequest(`${group()}/databaseUsers/$external/fmt-gone`, fx().owner, { method: "DELETE" });
    assert.equal(res.status, 204);
    assert.equal(res.body, "");
  });

  test("pagination: links self/next/previous exactly as Atlas writes them, totalCount only with includeCount", async () => {
    const path = `/api/atlas/v1.0/groups/${fx().projectId}/databaseUsers`;
    const base = `${fx().baseUrl}${path}`;
    const all = await digestJson(`${base}?itemsPerPage=500`, fx().owner);
    const total = (all.json as { totalCount: number }).totalCount;
    assert.ok(total >= 5);
    const lastPage = Math.ceil(total / 2);

    const first = (await digestJson(`${base}?itemsPerPage=2`, fx().owner)).json as { links: { href: string; rel: string }[]; results: unknown[]; totalCount: number };
    assert.deepEqual(first.links, [
      { href: `${base}?includeCount=true&pageNum=1&itemsPerPage=2`, rel: "self" },
      { href: `${base}?includeCount=true&itemsPerPage=2&pageNum=2`, rel: "next" },
    ]);
    assert.equal(first.results.length, 2);
    assert.equal(first.totalCount, total);

    const middle = (await digestJson(`${base}?itemsPerPage=2&pageNum=2`, fx().owner)).json as { links: { rel: string }[] };
    assert.deepEqual(middle.links.map((l) => l.rel), ["previous", "self", "next"]);

    const last = (await digestJson(`${base}?itemsPerPage=2&pageNum=${lastPage}&includeCount=false`, fx().owner)).json as Record<string, unknown>;
    assert.deepEqual((last.links as { rel: string; href: string }[]).map((l) => l.rel), ["previous", "self"]);
    assert.equal((last.links as { href: string }[])[0]?.href, `${base}?includeCount=false&itemsPerPage=2&pageNum=${lastPage - 1}`);
    assert.equal("totalCount" in last, false);

    const beyond = (await digestJson(`${base}?itemsPerPage=2&pageNum=${lastPage + 5}`, fx().owner)).json as { results: unknown[] };
    assert.deepEqual(beyond.results, []);
  });

  test("a serial above 2^53 is written exactly in the JSON text of the certificate list", async () => {
    let serial = 0n;
    // 63-bit random serials exceed 2^53 with probability 1 - 2^-10; issue until one does.
    for (let i = 0; i < 20 && serial <= 2n ** 53n; i++) {
      const res = await digestRequest(`${group()}/databaseUsers/fmt-2/certs`, fx().owner, { method: "POST", body: { monthsUntilExpiration: 2 } });
      assert.equal(res.status, 201, res.body);
      const cert = pemBlocks(res.body)[0]?.pem ?? "";
      const hex = /serial=([0-9A-F]+)/.exec(openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-serial"], { "c.pem": cert }))?.[1];
      serial = BigInt(`0x${hex}`);
    }
    assert.ok(serial > 2n ** 53n);
    const list = await digestRequest(`${group()}/databaseUsers/fmt-2/certs?itemsPerPage=500`, fx().owner);
    assert.ok(list.body.includes(`"_id":${serial.toString()},`), `${serial} appears exactly in ${list.body}`);
    const pretty = await digestRequest(`${group()}/databaseUsers/fmt-2/certs?pretty=true&itemsPerPage=500`, fx().owner);
    assert.ok(pretty.body.includes(`"_id" : ${serial.toString()},`));
  });

  test("DN user names travel URL-encoded in paths and come back in canonical form", async () => {
    const dn = "CN=Jane Doe,OU=Eng/Ops,O=Acme\\, Inc";
    const created = await digestJson(`${group()}/databaseUsers`, fx().owner, {
      method: "POST",
      body: { databaseName: "$external", username: dn, x509Type: "CUSTOMER", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    assert.equal(created.status, 201, created.result.body);
    const user = created.json as { username: string; links: { href: string }[] };
    const got = await digestJson(`${group()}/databaseUsers/$external/${encodeURIComponent(user.username)}`, fx().owner);
    assert.equal(got.status, 200, got.result.body);
    assert.equal((got.json as { username: string }).username, user.username);
    // The self link is usable as it is.
    const self = await digestJson(user.links[0]?.href ?? "", fx().owner);
    assert.equal(self.status, 200, self.result.body);
    const patched = await digestJson(`${group()}/databaseUsers/$external/${encodeURIComponent(user.username)}`, fx().owner, {
      method: "PATCH",
      body: { roles: [{ roleName: "readWrite", databaseName: "app" }] },
    });
    assert.equal(patched.status, 200, patched.result.body);
    assert.deepEqual((patched.json as { roles: unknown }).roles, [{ roleName: "readWrite", databaseName: "app" }]);

    // Long DNs (Atlas allows 1024 characters) fit in a path too.
    const longDn = `CN=${"x".repeat(300)},OU=${"y".repeat(300)},O=Long Names`;
    const long = await digestJson(`${group()}/databaseUsers`, fx().owner, {
      method: "POST",
      body: { databaseName: "$external", username: longDn, x509Type: "CUSTOMER", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    assert.equal(long.status, 201, long.result.body);
    const longGot = await digestJson(`${group()}/databaseUsers/$external/${encodeURIComponent((long.json as { username: string }).username)}`, fx().owner);
    assert.equal(longGot.status, 200, longGot.result.body);
  });

  test("v2 paths answer with Atlas's versioned media type and refuse requests without it (406)", async () => {
    const url = `${fx().baseUrl}/api/atlas/v2/groups/${fx().projectId}/databaseUsers/$external/fmt-1`;
    const ok = await digestRequest(url, fx().owner, { headers: { accept: "application/vnd.atlas.2023-01-01+json" } });
    assert.equal(ok.status, 200, ok.body);
    assert.match(String(ok.headers["content-type"]), /^application\/vnd\.atlas\.2023-01-01\+json; charset=utf-8$/);
    assert.match(ok.body, /"href":"http:\/\/127\.0\.0\.1:\d+\/api\/atlas\/v2\//);
    const refused = await digestRequest(url, fx().owner, { headers: { accept: "application/json" } });
    assert.equal(refused.status, 406);
  });
}
