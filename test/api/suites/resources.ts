/** The resource families end to end: projects, userSecurity, custom roles, events, revocation and the CRL. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCurl } from "../curl.js";
import type { ApiFixture } from "../api-harness.js";
import { digestJson, digestRequest } from "../digest-client.js";
import { makeCaPem, openssl, pemBlocks } from "../openssl.js";

/** Declares the resource tests. */
export function resourcesSuite(fx: () => ApiFixture): void {
  const group = () => `${fx().api}/groups/${fx().projectId}`;

  test("projects: create (200, as Atlas's API document says), list, get, get by name, delete", async () => {
    const { api, owner, orgId } = fx();
    const created = await digestJson(`${api}/groups`, owner, { method: "POST", body: { name: "Scratch" } });
    assert.equal(created.status, 200, created.result.body);
    const p = created.json as { id: string; name: string; orgId: string };
    assert.equal(p.orgId, orgId);
    const list = (await digestJson(`${api}/groups`, owner)).json as { results: { id: string }[]; totalCount: number };
    assert.ok(list.results.some((g) => g.id === p.id));
    assert.equal((await digestJson(`${api}/groups/${p.id}`, owner)).status, 200);
    assert.equal(((await digestJson(`${api}/groups/byName/Scratch`, owner)).json as { id: string }).id, p.id);
    assert.equal((await digestRequest(`${api}/groups/${p.id}`, owner, { method: "DELETE" })).status, 204);
    const gone = await digestJson(`${api}/groups/${p.id}`, owner);
    assert.equal(gone.status, 404);
  });

  test("userSecurity: empty, PATCH a CA bundle (202), GET it back, DELETE customerX509 (202)", async () => {
    const empty = await digestJson(`${group()}/userSecurity`, fx().owner);
    assert.equal(empty.status, 200);
    assert.deepEqual((empty.json as { customerX509: object }).customerX509, {});
    const cas = makeCaPem("Resources Root CA");
    const saved = await digestJson(`${group()}/userSecurity`, fx().owner, { method: "PATCH", body: { customerX509: { cas } } });
    assert.equal(saved.status, 202, saved.result.body);
    assert.equal((saved.json as { customerX509: { cas: string } }).customerX509.cas.trim(), cas.trim());
    const got = await digestJson(`${group()}/userSecurity`, fx().owner);
    assert.equal((got.json as { customerX509: { cas: string } }).customerX509.cas.trim(), cas.trim());

    const disabled = await digestJson(`${group()}/userSecurity/customerX509`, fx().owner, { method: "DELETE" });
    assert.equal(disabled.status, 202, disabled.result.body);
    assert.deepEqual((disabled.json as { customerX509: object }).customerX509, {});
  });

  test("custom roles: create (202), bare-array list, get, patch, delete (204)", async () => {
    const role = { roleName: "reportReader", actions: [{ action: "FIND", resources: [{ db: "reports", collection: "daily" }] }], inheritedRoles: [] };
    const created = await digestJson(`${group()}/customDBRoles/roles`, fx().owner, { method: "POST", body: role });
    assert.equal(created.status, 202, created.result.body);
    const list = await digestJson(`${group()}/customDBRoles/roles`, fx().owner);
    assert.ok(Array.isArray(list.json), "the list is a bare array");
    assert.ok((list.json as { roleName: string }[]).some((r) => r.roleName === "reportReader"));
    const patched = await digestJson(`${group()}/customDBRoles/roles/reportReader`, fx().owner, {
      method: "PATCH",
      body: { actions: [{ action: "FIND", resources: [{ db: "reports" }] }] },
    });
    assert.equal(patched.status, 200, patched.result.body);
    assert.deepEqual((patched.json as { actions: unknown }).actions, [{ action: "FIND", resources: [{ cluster: false, collection: "", db: "reports" }] }]);
    assert.equal((await digestRequest(`${group()}/customDBRoles/roles/reportReader`, fx().owner, { method: "DELETE" })).status, 204);
    assert.equal((await digestJson(`${group()}/customDBRoles/roles/reportReader`, fx().owner)).status, 404);
  });

  test("revoking a certificate (certgate extension) hides it from Atlas's list and puts it on the CRL", async () => {
    await digestJson(`${group()}/databaseUsers`, fx().owner, {
      method: "POST",
      body: { databaseName: "$external", username: "res-revoke", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    const issued = await digestRequest(`${group()}/databaseUsers/res-revoke/certs`, fx().owner, { method: "POST", body: { monthsUntilExpiration: 1 } });
    assert.equal(issued.status, 201, issued.body);
    const cert = pemBlocks(issued.body)[0]?.pem ?? "";
    const hex = /serial=([0-9A-F]+)/.exec(openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-serial"], { "c.pem": cert }))?.[1] ?? "";
    const serial = BigInt(`0x${hex}`).toString();

    const revoked = await digestRequest(`${group()}/databaseUsers/res-revoke/certs/${serial}`, fx().owner, { method: "DELETE" });
    assert.equal(revoked.status, 200, revoked.body);
    assert.ok(revoked.body.includes(`"_id":${serial},`));
    assert.match(revoked.body, /"revokedAt":"\d{4}-/);
    const again = await digestJson(`${group()}/databaseUsers/res-revoke/certs/${serial}`, fx().owner, { method: "DELETE" });
    assert.equal(again.status, 409);
    assert.equal((await digestJson(`${group()}/databaseUsers/res-revoke/certs/123`, fx().owner, { method: "DELETE" })).status, 404);

    const atlasList = (await digestJson(`${group()}/databaseUsers/res-revoke/certs`, fx().owner)).json as { totalCount: number };
    assert.equal(atlasList.totalCount, 0);
    const everything = await digestRequest(`${group()}/databaseUsers/res-revoke/certs?includeExpired=true`, fx().owner);
    assert.ok(everything.body.includes(`"_id":${serial},`));

    const crl = await digestRequest(`${group()}/crl`, fx().owner);
    assert.equal(crl.status, 200);
    assert.match(crl.body, /^-----BEGIN X509 CRL-----/);
    const text = openssl((d) => ["crl", "-in", join(d, "crl.pem"), "-noout", "-text"], { "crl.pem": crl.body });
    assert.match(text, new RegExp(`Serial Number: 0*${hex}`, "i"));
  });

  test("the CRL is polled with curl: an ETag, 304 while unchanged, gzip when asked, a new ETag after a revocation", async () => {
    const { owner } = fx();
    await digestJson(`${group()}/databaseUsers`, owner, {
      method: "POST",
      body: { databaseName: "$external", username: "crl-poll", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    const serials: string[] = [];
    for (let i = 0; i < 2; i++) {
      const issued = await digestRequest(`${group()}/databaseUsers/crl-poll/certs`, owner, { method: "POST", body: { monthsUntilExpiration: 1 } });
      const hex = /serial=([0-9A-F]+)/.exec(openssl((d) => ["x509", "-in", join(d, "c.pem"), "-noout", "-serial"], { "c.pem": pemBlocks(issued.body)[0]?.pem ?? "" }))?.[1] ?? "";
      serials.push(BigInt(`0x${hex}`).toString());
    }
    const revoke = async (serial: string | undefined) =>
      assert.equal((await digestRequest(`${group()}/databaseUsers/crl-poll/certs/${serial}`, owner, { method: "DELETE" })).status, 200);
    await revoke(serials[0]);
    const dir = mkdtempSync(join(tmpdir(), "certgate-crl-poll-"));
    try {
      const etag = join(dir, "crl.etag");
      // What docs/certificates.md tells an operator to run to keep mongod's CRLFile current.
      const poll = async (...extra: string[]) => {
        const out = await runCurl(["--silent", "--show-error", "--digest", "-u", `${owner.publicKey}:${owner.privateKey}`, "--etag-compare", etag, "--etag-save", etag, "-o", join(dir, "crl.new"), "-w", "%{http_code}", ...extra, `${group()}/crl`]);
        assert.equal(out.code, 0, out.stderr);
        return out.stdout;
      };
      writeFileSync(etag, "");
      assert.equal(await poll("--compressed"), "200");
      const first = readFileSync(join(dir, "crl.new"), "utf8");
      assert.match(openssl((d) => ["crl", "-in", join(d, "crl.pem"), "-noout", "-text"], { "crl.pem": first }), new RegExp(`Serial Number: 0*${BigInt(serials[0] ?? 0).toString(16)}`, "i"));
      assert.match(readFileSync(etag, "utf8"), /^"[\w-]+"/);
      rmSync(join(dir, "crl.new"));
      assert.equal(await poll(), "304", "unchanged: no body");
      assert.equal(await poll("--compressed"), "304");

      const gzipped = await digestRequest(`${group()}/crl`, owner, { headers: { "accept-encoding": "gzip" } });
      assert.equal(gzipped.headers["content-encoding"], "gzip");
      const plain = await digestRequest(`${group()}/crl`, owner);
      assert.equal(plain.headers["content-encoding"], undefined);
      assert.equal(plain.body, first);
      assert.equal(plain.headers.etag, gzipped.headers.etag);

      await revoke(serials[1]);
      assert.equal(await poll(), "200", "a revocation changes the CRL and its ETag");
      const second = readFileSync(join(dir, "crl.new"), "utf8");
      assert.match(openssl((d) => ["crl", "-in", join(d, "crl.pem"), "-noout", "-text"], { "crl.pem": second }), new RegExp(`Serial Number: 0*${BigInt(serials[1] ?? 0).toString(16)}`, "i"));
      assert.notEqual(readFileSync(etag, "utf8").trim(), plain.headers.etag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("events: the activity feed is paged, newest first", async () => {
    const res = await digestJson(`${group()}/events?itemsPerPage=3`, fx().owner);
    assert.equal(res.status, 200, res.result.body);
    const page = res.json as { results: { eventTypeName: string; created: string }[]; totalCount: number; links: { rel: string }[] };
    assert.equal(page.results.length, 3);
    assert.ok(page.totalCount > 3);
    assert.deepEqual(page.links.map((l) => l.rel), ["self", "next"]);
    const times = page.results.map((e) => e.created);
    assert.deepEqual([...times].sort().reverse(), times);
    const all = (await digestJson(`${group()}/events?itemsPerPage=500`, fx().owner)).json as { results: { eventTypeName: string }[] };
    const types = new Set(all.results.map((e) => e.eventTypeName));
    for (const t of ["MONGODB_USER_ADDED", "MONGODB_USER_X509_CERT_CREATED", "MONGODB_USER_X509_CERT_REVOKED"]) assert.ok(types.has(t), t);
  });

  test("databaseUsers?usernameContains= (certgate extension) narrows the list by name, ignoring case, with % and _ taken literally, and pages", async () => {
    const names = ["Search-Alpha-Report", "search-alpha_2", "search-beta%x", "search-gamma"];
    for (const username of names) {
      const body = { databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "search" }] };
      const created = await digestJson(`${group()}/databaseUsers`, fx().owner, { method: "POST", body });
      assert.equal(created.status, 201, created.result.body);
    }
    const found = async (query: string) => {
      const res = await digestJson(`${group()}/databaseUsers?${query}`, fx().owner);
      assert.equal(res.status, 200, res.result.body);
      return res.json as { results: { username: string }[]; totalCount: number; links: { href: string; rel: string }[] };
    };
    const alpha = await found("usernameContains=SEARCH-ALPHA");
    assert.deepEqual([alpha.results.map((u) => u.username), alpha.totalCount], [["Search-Alpha-Report", "search-alpha_2"], 2]);
    assert.deepEqual((await found("usernameContains=%25")).results.map((u) => u.username), ["search-beta%x"]);
    assert.deepEqual((await found("usernameContains=_")).results.map((u) => u.username), ["search-alpha_2"]);
    assert.deepEqual([(await found("usernameContains=no-such-user")).totalCount], [0]);

    const first = await found("usernameContains=search-&itemsPerPage=3");
    assert.deepEqual([first.results.map((u) => u.username), first.totalCount], [names.slice(0, 3), 4]);
    const next = first.links.find((l) => l.rel === "next");
    assert.ok(next && next.href.includes("usernameContains=search-"), JSON.stringify(first.links));
    const second = (await digestJson(next.href, fx().owner)).json as { results: { username: string }[] };
    assert.deepEqual(second.results.map((u) => u.username), ["search-gamma"]);

    const tooLong = await digestJson(`${group()}/databaseUsers?usernameContains=${"x".repeat(1025)}`, fx().owner);
    assert.equal(tooLong.status, 400, tooLong.result.body);
    for (const username of names) {
      const gone = await digestRequest(`${group()}/databaseUsers/%24external/${encodeURIComponent(username)}`, fx().owner, { method: "DELETE" });
      assert.equal(gone.status, 204);
    }
  });
}
