/**
 * The Admin API's requests and answers checked against MongoDB's own Atlas OpenAPI document, as an Atlas
 * SDK reads them: a real `certgate start` is driven through every operation certgate shares with Atlas,
 * and each answer's status and body are validated (ajv) against that operation's success response in
 * `openapi/atlas-api-subset.json` (extracted by scripts/extract-atlas-openapi.mjs). The request bodies
 * are validated against the document too, and include what the Go SDK sends (every field of a
 * custom-role resource), so certgate accepts an SDK's requests.
 *
 * Where recorded live Atlas behaviour differs from the document, certgate keeps the live behaviour;
 * those statuses and fields are listed in LIVE_STATUS and LIVE_FIELDS (docs/admin-api.md says so).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { digestJson, digestRequest } from "./digest-client.js";
import { makeCaPem } from "./openssl.js";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";

interface Operation {
  operationId: string;
  status: number;
  response?: object;
  request?: object;
}

const subset = JSON.parse(readFileSync(new URL("../../../test/api/openapi/atlas-api-subset.json", import.meta.url), "utf8")) as {
  operations: Record<string, Operation>;
  components: object;
};

/** Operations whose recorded live status differs from the document's (docs/admin-api.md). */
const LIVE_STATUS: Record<string, number> = {
  // Live Atlas answers 201 Created with a Location header (recorded E2E snapshot); the document says 200.
  "POST /groups/{groupId}/alertConfigs": 201,
};

/** Fields whose recorded live value breaks a constraint of the document: [operation, instancePath, keyword]. */
const LIVE_FIELDS: Array<[string, RegExp, string]> = [
  // A managed certificate's subject is `CN=<name>` live (recorded E2E snapshot), but the document's
  // pattern for UserCert.subject demands DC= components, an LDAP-style DN.
  ["GET /groups/{groupId}/databaseUsers/{username}/certs", /^\/results\/\d+\/subject$/, "pattern"],
];

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
for (const format of ["int32", "int64", "float", "double"]) ajv.addFormat(format, { type: "number", validate: () => true });
ajv.addSchema({ $id: "atlas-response", components: subset.components });
ajv.addSchema({ $id: "atlas-request", components: withoutReadOnlyRequired(subset.components) });

/** The schemas as a request sees them: OpenAPI's readOnly properties are never required of a request. */
function withoutReadOnlyRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutReadOnlyRequired);
  if (node === null || typeof node !== "object") return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutReadOnlyRequired(v)])) as Record<string, unknown>;
  const properties = copy.properties as Record<string, { readOnly?: boolean }> | undefined;
  if (Array.isArray(copy.required) && properties !== undefined) {
    copy.required = (copy.required as string[]).filter((name) => properties[name]?.readOnly !== true);
  }
  return copy;
}

const compiled = new Map<string, ValidateFunction>();
function validator(operation: string, part: "response" | "request"): ValidateFunction {
  const key = `${part} ${operation}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const schema = subset.operations[operation]?.[part];
    assert.ok(schema, `the document has no ${part} schema for ${operation}`);
    validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"atlas-${part}#/components/`)) as object);
    compiled.set(key, validate);
  }
  return validate;
}

function assertMatches(operation: string, part: "response" | "request", body: unknown): void {
  const validate = validator(operation, part);
  validate(body);
  const errors = (validate.errors ?? []).filter(
    (e) => part === "request" || !LIVE_FIELDS.some(([op, path, keyword]) => op === operation && path.test(e.instancePath) && keyword === e.keyword),
  );
  assert.ok(errors.length === 0, `${part} of ${operation} does not match the Atlas document:\n${ajv.errorsText(errors, { separator: "\n" })}\n${JSON.stringify(body)}`);
}

describe("Admin API against the Atlas OpenAPI document", () => {
  let cg: CertgateProcess;
  const seen = new Set<string>();

  /** Sends a request for `operation` (a key of the subset) and checks status, request and response. */
  async function call(operation: string, path: string, body?: unknown): Promise<unknown> {
    const spec = subset.operations[operation];
    assert.ok(spec, `unknown operation ${operation}`);
    const method = operation.slice(0, operation.indexOf(" "));
    if (body !== undefined && spec.request !== undefined) assertMatches(operation, "request", body);
    const result = await digestJson(`${cg.api}${path}`, cg.key, { method, ...(body === undefined ? {} : { body }) });
    assert.equal(result.status, LIVE_STATUS[operation] ?? spec.status, `${operation}: ${result.result.body}`);
    if (spec.response !== undefined) assertMatches(operation, "response", result.json);
    seen.add(operation);
    return result.json;
  }

  before(async () => {
    cg = await startCertgate("27500-27509");
  });
  after(async () => {
    await cg?.stop();
  });

  it("projects: the first project's default name and a new project follow the document (create answers 200)", async () => {
    const list = (await call("GET /groups", "/groups")) as { results: { id: string; name: string; orgId: string }[] };
    const first = list.results.find((g) => g.id === cg.projectId);
    assert.ok(first);
    await call("GET /groups/{groupId}", `/groups/${cg.projectId}`);
    await call("GET /groups/byName/{groupName}", `/groups/byName/${encodeURIComponent(first.name)}`);
    const created = (await call("POST /groups", "/groups", { name: "Conformance-1", orgId: first.orgId })) as { id: string };
    assert.equal((await digestRequest(`${cg.api}/groups/${created.id}`, cg.key, { method: "DELETE" })).status, 204);
    await call("GET /orgs/{orgId}", `/orgs/${first.orgId}`);
    await call("GET /orgs/{orgId}/apiKeys", `/orgs/${first.orgId}/apiKeys`);
  });

  it("database users and their certificates", async () => {
    const g = `/groups/${cg.projectId}`;
    const user = { databaseName: "$external", groupId: cg.projectId, username: "conformance", x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "sales" }] };
    await call("POST /groups/{groupId}/databaseUsers", `${g}/databaseUsers`, user);
    await call("GET /groups/{groupId}/databaseUsers", `${g}/databaseUsers`);
    await call("GET /groups/{groupId}/databaseUsers/{databaseName}/{username}", `${g}/databaseUsers/%24external/conformance`);
    const patch = { databaseName: "$external", groupId: cg.projectId, username: "conformance", roles: [{ roleName: "read", databaseName: "sales" }] };
    await call("PATCH /groups/{groupId}/databaseUsers/{databaseName}/{username}", `${g}/databaseUsers/%24external/conformance`, patch);
    const issued = await digestRequest(`${cg.api}${g}/databaseUsers/conformance/certs`, cg.key, { method: "POST", body: JSON.stringify({ monthsUntilExpiration: 2 }), headers: { "content-type": "application/json" } });
    assert.equal(issued.status, subset.operations["POST /groups/{groupId}/databaseUsers/{username}/certs"]?.status);
    assertMatches("POST /groups/{groupId}/databaseUsers/{username}/certs", "response", issued.body);
    seen.add("POST /groups/{groupId}/databaseUsers/{username}/certs");
    await call("GET /groups/{groupId}/databaseUsers/{username}/certs", `${g}/databaseUsers/conformance/certs`);
  });

  it("custom roles: every resource carries cluster, collection and db, and the Go SDK's request form is accepted", async () => {
    const g = `/groups/${cg.projectId}`;
    const role = {
      roleName: "conformanceRole",
      actions: [
        // The Go SDK's struct has no omitempty: it always sends all three fields.
        { action: "FIND", resources: [{ cluster: false, collection: "", db: "sales" }, { cluster: false, collection: "orders", db: "shop" }] },
        { action: "LIST_DATABASES", resources: [{ cluster: true, collection: "", db: "" }] },
      ],
      inheritedRoles: [{ db: "admin", role: "read" }],
    };
    const created = (await call("POST /groups/{groupId}/customDBRoles/roles", `${g}/customDBRoles/roles`, role)) as typeof role;
    assert.deepEqual(created.actions, role.actions);
    await call("GET /groups/{groupId}/customDBRoles/roles", `${g}/customDBRoles/roles`);
    await call("GET /groups/{groupId}/customDBRoles/roles/{roleName}", `${g}/customDBRoles/roles/conformanceRole`);
    const patched = (await call("PATCH /groups/{groupId}/customDBRoles/roles/{roleName}", `${g}/customDBRoles/roles/conformanceRole`, {
      actions: [{ action: "INSERT", resources: [{ cluster: false, collection: "", db: "sales" }] }],
    })) as typeof role;
    assert.deepEqual(patched.actions, [{ action: "INSERT", resources: [{ cluster: false, collection: "", db: "sales" }] }]);
  });

  it("userSecurity, alert configurations and alerts", async () => {
    const g = `/groups/${cg.projectId}`;
    await call("GET /groups/{groupId}/userSecurity", `${g}/userSecurity`);
    await call("PATCH /groups/{groupId}/userSecurity", `${g}/userSecurity`, { customerX509: { cas: makeCaPem("Conformance Root CA") } });
    const config = {
      eventTypeName: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
      threshold: { operator: "LESS_THAN", threshold: 14, units: "DAYS" },
      notifications: [{ typeName: "EMAIL", emailAddress: "ops@example.com", intervalMin: 60, delayMin: 0 }],
    };
    const created = (await call("POST /groups/{groupId}/alertConfigs", `${g}/alertConfigs`, config)) as { id: string };
    await call("GET /groups/{groupId}/alertConfigs", `${g}/alertConfigs`);
    await call("GET /groups/{groupId}/alertConfigs/{alertConfigId}", `${g}/alertConfigs/${created.id}`);
    await call("GET /groups/{groupId}/alerts", `${g}/alerts`);
  });

  it("clusters", async () => {
    const g = `/groups/${cg.projectId}`;
    await call("POST /groups/{groupId}/clusters", `${g}/clusters`, { name: "Conformance0" });
    await call("GET /groups/{groupId}/clusters", `${g}/clusters`);
    await call("GET /groups/{groupId}/clusters/{clusterName}", `${g}/clusters/Conformance0`);
  });

  it("covered every operation of the subset", () => {
    assert.deepEqual([...seen].sort(), Object.keys(subset.operations).sort());
  });
});
