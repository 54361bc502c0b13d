/**
 * What the Admin API does with input it must not trust, against a real `certgate start`:
 * - JSON body fields are taken with the type they were sent in: `"3"`, `true` or `null` where a number
 *   belongs (and `5` where a string belongs) is 400 INVALID_ATTRIBUTE on every kind of resource, and
 *   nothing is created; query strings are still read as text (`?pretty=true&itemsPerPage=5`);
 * - database user names `.` and `..` are refused;
 * - Fastify's and Node's own refusals (bad percent-encoding, over-long URIs and headers, unparseable
 *   HTTP, bad JSON, other media types, big bodies, unknown routes) answer Atlas's error body;
 * - every response carries `X-Content-Type-Options: nosniff`, and the web UI's files keep exact types.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, test } from "node:test";
import { startCertgateCli, type CertgateCli } from "../ui/certgate-cli.js";
import { digestJson, digestRequest, send, type ApiKeyPair, type HttpResult } from "./digest-client.js";

const ATLAS_ERROR_KEYS = ["detail", "error", "errorCode", "parameters", "reason"];

/** Asserts `result` is Atlas's error body with `status` and `errorCode`, labelled JSON and nosniff; returns it. */
function assertAtlasError(result: HttpResult, status: number, errorCode: string): { detail: string; parameters: unknown[] } {
  assert.equal(result.status, status, result.body.slice(0, 500));
  assert.match(String(result.headers["content-type"]), /^application\/json/);
  assert.equal(result.headers["x-content-type-options"], "nosniff");
  const body = JSON.parse(result.body) as Record<string, unknown>;
  assert.deepEqual(
    Object.keys(body).filter((k) => k !== "badRequestDetail"),
    ATLAS_ERROR_KEYS,
    result.body,
  );
  assert.equal(body.error, status);
  assert.equal(body.errorCode, errorCode, result.body);
  assert.equal(typeof body.detail, "string");
  assert.equal(typeof body.reason, "string");
  assert.ok(Array.isArray(body.parameters));
  return body as { detail: string; parameters: unknown[] };
}

/** Sends raw bytes and reads until the server closes the connection. */
function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
  });
}

/** A raw HTTP/1.1 response as an HttpResult. */
function parseRaw(text: string): HttpResult {
  const [head = "", body = ""] = text.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

describe("Admin API input", () => {
  let server: CertgateCli;
  let owner: ApiKeyPair;
  let api = "";
  let group = "";

  before(async () => {
    server = await startCertgateCli();
    owner = { publicKey: server.init.publicKey, privateKey: server.init.privateKey };
    api = `${server.url}/api/atlas/v1.0`;
    group = `${api}/groups/${server.init.projectId}`;
    const created = await digestJson(`${group}/databaseUsers`, owner, {
      method: "POST",
      body: { databaseName: "$external", username: "typed", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    });
    assert.equal(created.status, 201, created.result.body);
  });

  after(async () => {
    await server?.stop();
  });

  describe("body fields are never coerced", () => {
    const refused = async (method: string, url: string, body: unknown, field: string) => {
      const res = await digestRequest(url, owner, { method, body });
      const error = assertAtlasError(res, 400, "INVALID_ATTRIBUTE");
      assert.deepEqual(error.parameters, [field], res.body);
      assert.match(error.detail, new RegExp(`^Invalid attribute ${field.replace(/[[\].]/g, "\\$&")} specified`));
    };

    test("monthsUntilExpiration as \"3\", true, null or 1.5 is refused, and no certificate is issued", async () => {
      const url = `${group}/databaseUsers/typed/certs`;
      for (const monthsUntilExpiration of ["3", true, null, 1.5, [3]]) await refused("POST", url, { monthsUntilExpiration }, "monthsUntilExpiration");
      const list = await digestJson(url, owner);
      assert.equal(list.status, 200);
      assert.equal((list.json as { totalCount: number }).totalCount, 0);
    });

    test("database users: username 5, null or true, a role's databaseName 5, description 5", async () => {
      const user = { databaseName: "$external", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] };
      for (const username of [5, null, true]) await refused("POST", `${group}/databaseUsers`, { ...user, username }, "username");
      await refused("POST", `${group}/databaseUsers`, { ...user, username: "r", roles: [{ roleName: "read", databaseName: 5 }] }, "roles[0].databaseName");
      await refused("PATCH", `${group}/databaseUsers/%24external/typed`, { description: 5 }, "description");
      const found = await digestJson(`${group}/databaseUsers/%24external/5`, owner);
      assert.equal(found.status, 404);
    });

    test("projects, API keys and custom roles: names and descriptions must be strings", async () => {
      await refused("POST", `${api}/groups`, { name: 5, orgId: server.init.orgId }, "name");
      await refused("POST", `${api}/orgs/${server.init.orgId}/apiKeys`, { desc: 5, roles: ["ORG_MEMBER"] }, "desc");
      await refused("POST", `${group}/customDBRoles/roles`, { roleName: 5, actions: [{ action: "FIND", resources: [{ db: "app" }] }] }, "roleName");
      const projects = await digestJson(`${api}/groups`, owner);
      assert.ok(!(projects.json as { results: { name: string }[] }).results.some((p) => p.name === "5"));
      const keys = await digestJson(`${api}/orgs/${server.init.orgId}/apiKeys`, owner);
      assert.ok(!(keys.json as { results: { desc: string }[] }).results.some((k) => k.desc === "5"));
    });

    test("userSecurity: an LDAP port \"636\", a boolean \"true\", CAs as a number", async () => {
      await refused("PATCH", `${group}/userSecurity`, { ldap: { hostname: "ldap.example.com", port: "636" } }, "ldap.port");
      await refused("PATCH", `${group}/userSecurity`, { ldap: { authorizationEnabled: "true" } }, "ldap.authorizationEnabled");
      await refused("PATCH", `${group}/userSecurity`, { customerX509: { cas: 5 } }, "customerX509.cas");
      const settings = await digestJson(`${group}/userSecurity`, owner);
      assert.notEqual((settings.json as { ldap: { hostname?: string } }).ldap.hostname, "ldap.example.com");
    });

    test("alert configurations: enabled \"false\" is refused and nothing is created", async () => {
      const config = {
        eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
        enabled: "false",
        threshold: { operator: "LESS_THAN", threshold: 14, units: "DAYS" },
        notifications: [{ typeName: "GROUP", intervalMin: 60, emailEnabled: true, roles: ["GROUP_OWNER"] }],
      };
      const before = await digestJson(`${group}/alertConfigs`, owner);
      await refused("POST", `${group}/alertConfigs`, config, "enabled");
      const after = await digestJson(`${group}/alertConfigs`, owner);
      assert.equal((after.json as { totalCount: number }).totalCount, (before.json as { totalCount: number }).totalCount);
    });

    test("the certificate policy extension and the web UI's sign-in take strings only", async () => {
      await refused("PATCH", `${group}/certificatePolicy`, { maxValidity: 5 }, "maxValidity");
      const login = await send(`${server.url}/api/private/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: 5, password: "whatever" }),
      });
      assert.deepEqual(assertAtlasError(login, 400, "INVALID_ATTRIBUTE").parameters, ["email"]);
    });

    test("query strings are still text: pretty=true, itemsPerPage=1 and includeCount=false are read", async () => {
      const res = await digestRequest(`${group}/databaseUsers?pretty=true&itemsPerPage=1&includeCount=false&pageNum=1`, owner);
      assert.equal(res.status, 200, res.body);
      assert.match(res.body, /^\{\n {2}"links" : \[/);
      const body = JSON.parse(res.body) as { results: unknown[]; totalCount?: number };
      assert.equal(body.results.length, 1);
      assert.equal(body.totalCount, undefined);
      assertAtlasError(await digestRequest(`${group}/databaseUsers?itemsPerPage=many`, owner), 400, "INVALID_QUERY_PARAMETER");
    });
  });

  describe("database user names", () => {
    test("'.' and '..' are refused with ATLAS_INVALID_USERNAME (also as CN=..), '...' and 'a/b' work end to end", async () => {
      for (const username of [".", "..", "CN=.."]) {
        const res = await digestRequest(`${group}/databaseUsers`, owner, {
          method: "POST",
          body: { databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
        });
        assertAtlasError(res, 400, "ATLAS_INVALID_USERNAME");
      }
      for (const username of ["...", "a/b"]) {
        const created = await digestJson(`${group}/databaseUsers`, owner, {
          method: "POST",
          body: { databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
        });
        assert.equal(created.status, 201, created.result.body);
        const path = `${group}/databaseUsers/%24external/${encodeURIComponent(username)}`;
        assert.equal((await digestJson(path, owner)).status, 200);
        assert.equal((await digestJson(path, owner, { method: "DELETE" })).status, 204);
      }
    });
  });

  describe("Fastify's and Node's own errors in Atlas's shape", () => {
    test("a bad percent-encoding is 400 INVALID_URL and does not echo the URL", async () => {
      const res = await send(`${group}/databaseUsers/%24external/%E0%A4%A`);
      const error = assertAtlasError(res, 400, "INVALID_URL");
      assert.ok(!error.detail.includes("%E0"));
      assertAtlasError(await send(`${server.url}/%zz`), 400, "INVALID_URL");
    });

    test("an over-long path segment or request line is 414 URI_TOO_LONG; over-long headers 431", async () => {
      assertAtlasError(await send(`${group}/databaseUsers/%24external/${"a".repeat(5000)}`), 414, "URI_TOO_LONG");
      assertAtlasError(await send(`${group}/databaseUsers?x=${"a".repeat(20_000)}`), 414, "URI_TOO_LONG");
      assertAtlasError(await send(`${group}/databaseUsers`, { headers: { "x-big": "a".repeat(20_000) } }), 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
    });

    test("an HTTP request Node can't parse is 400 MALFORMED_REQUEST", async () => {
      const res = parseRaw(await rawExchange(server.url, "GET / HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n"));
      assertAtlasError(res, 400, "MALFORMED_REQUEST");
    });

    test("bad JSON, another media type, a body over 1 MiB and an unknown route", async () => {
      assertAtlasError(await digestRequest(`${group}/databaseUsers`, owner, { method: "POST", body: "{bad" }), 400, "INVALID_JSON");
      assertAtlasError(
        await digestRequest(`${group}/databaseUsers`, owner, { method: "POST", body: "x", headers: { "content-type": "text/plain" } }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
      assertAtlasError(
        await digestRequest(`${group}/databaseUsers`, owner, { method: "POST", body: JSON.stringify({ username: "x".repeat(1_100_000) }) }),
        413,
        "PAYLOAD_TOO_LARGE",
      );
      assertAtlasError(await send(`${api}/nothing/here`), 404, "RESOURCE_NOT_FOUND");
    });
  });

  describe("X-Content-Type-Options: nosniff", () => {
    test("on JSON answers, the digest challenge, a certificate's PEM and the openapi document", async () => {
      const list = await digestRequest(`${group}/databaseUsers`, owner);
      assert.equal(list.status, 200);
      const challenge = await send(`${group}/databaseUsers`);
      assert.equal(challenge.status, 401);
      const pem = await digestRequest(`${group}/databaseUsers/typed/certs`, owner, { method: "POST", body: { monthsUntilExpiration: 1 } });
      assert.equal(pem.status, 201, pem.body);
      const openapi = await send(`${api}/openapi.json`);
      assert.equal(openapi.status, 200);
      for (const res of [list, challenge, pem, openapi]) assert.equal(res.headers["x-content-type-options"], "nosniff");
    });

    test("the web UI's page, script, style sheet and icon are served with exact types", async () => {
      const page = await send(`${server.url}/`);
      assert.equal(page.status, 200);
      assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
      const assets = [...page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] as string);
      const expected: Record<string, RegExp> = { ".js": /^text\/javascript/, ".css": /^text\/css/, ".svg": /^image\/svg\+xml$/ };
      const seen = new Set<string>();
      for (const asset of assets) {
        const ext = asset.slice(asset.lastIndexOf("."));
        const type = expected[ext];
        if (!type) continue;
        const res = await send(`${server.url}${asset}`);
        assert.equal(res.status, 200, asset);
        assert.match(String(res.headers["content-type"]), type, asset);
        assert.equal(res.headers["x-content-type-options"], "nosniff");
        seen.add(ext);
      }
      assert.deepEqual([...seen].sort(), [".css", ".js", ".svg"]);
    });
  });
});
