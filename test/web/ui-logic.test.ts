/**
 * The web UI's pure logic, run under Node: what the Add New Database User and custom role dialogs
 * send to the Admin API, the Connect dialog's commands, and the address-bar routes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CERTIFICATE_MONTHS as CORE_DEFAULT_MONTHS, MAX_CERTIFICATE_MONTHS } from "../../src/core/certificates.js";
import { CUSTOM_ROLE_ACTIONS } from "../../src/roles/index.js";
import { CERTIFICATE_MONTHS, DEFAULT_CERTIFICATE_MONTHS } from "../../web/src/lib/certificate-months.js";
import { x509ConnectionString } from "../../src/shared/x509-connection-string.js";
import { mongoshCommand } from "../../web/src/lib/connection-commands.js";
import { ACTION_GROUPS } from "../../web/src/lib/custom-role-actions.js";
import type { CustomRole } from "../../src/core/types.js";
import { formFromRole, roleFromForm } from "../../web/src/lib/custom-role-form.js";
import { initialPrivileges, privilegesFromRoles, privilegesToRoles } from "../../web/src/lib/privileges.js";
import { parseRoute, routePath, type Route } from "../../web/src/routing/routes.js";
import { ALERT_EVENT_TYPES } from "../../src/alerts/event-types.js";
import { validateAlertConfig } from "../../src/alerts/alert-config-validation.js";
import { ALERTABLE_EVENT_TYPES, alertConfigBody, newAlertConfigForm, newNotificationForm } from "../../web/src/lib/alert-config-form.js";

test("the built-in privilege choices become one admin role each, as in Atlas", () => {
  for (const kind of ["atlasAdmin", "readWriteAnyDatabase", "readAnyDatabase"] as const) {
    assert.deepEqual(privilegesToRoles({ ...initialPrivileges(), kind }), { roles: [{ roleName: kind, databaseName: "admin" }] });
  }
  assert.deepEqual(privilegesToRoles({ ...initialPrivileges(), kind: "customRole", customRoleName: "orders-reader" }), {
    roles: [{ roleName: "orders-reader", databaseName: "admin" }],
  });
  assert.ok("error" in privilegesToRoles({ ...initialPrivileges(), kind: "customRole", customRoleName: "" }));
});

test("the Edit dialog starts from the user's roles, and saving unchanged sends them back as they were", () => {
  const cases = [
    [{ roleName: "atlasAdmin", databaseName: "admin" }],
    [{ roleName: "readAnyDatabase", databaseName: "admin" }],
    [{ roleName: "orders-reader", databaseName: "admin" }],
    [{ roleName: "read", databaseName: "sales", collectionName: "orders" }, { roleName: "readWrite", databaseName: "reports" }],
    [{ roleName: "read", databaseName: "sales" }],
    [{ roleName: "clusterMonitor", databaseName: "admin" }],
  ];
  for (const roles of cases) assert.deepEqual(privilegesToRoles(privilegesFromRoles(roles)), { roles }, JSON.stringify(roles));
  assert.equal(privilegesFromRoles([{ roleName: "orders-reader", databaseName: "admin" }]).kind, "customRole");
  assert.equal(privilegesFromRoles([{ roleName: "clusterMonitor", databaseName: "admin" }]).kind, "specific", "a built-in admin role is a default privilege, not a custom role");
  assert.deepEqual(privilegesFromRoles([]), initialPrivileges());
});

test("default privileges: collections only for read/readWrite, admin-only roles pinned to admin, database required", () => {
  const rows = [
    { roleName: "readWrite", databaseName: " sales ", collectionName: "orders" },
    { roleName: "dbAdmin", databaseName: "sales", collectionName: "ignored" },
    { roleName: "clusterMonitor", databaseName: "typed-anyway", collectionName: "" },
    { roleName: "read", databaseName: "marketing", collectionName: "" },
  ];
  assert.deepEqual(privilegesToRoles({ kind: "specific", customRoleName: "", rows }), {
    roles: [
      { roleName: "readWrite", databaseName: "sales", collectionName: "orders" },
      { roleName: "dbAdmin", databaseName: "sales" },
      { roleName: "clusterMonitor", databaseName: "admin" },
      { roleName: "read", databaseName: "marketing" },
    ],
  });
  const missing = privilegesToRoles({ kind: "specific", customRoleName: "", rows: [{ roleName: "read", databaseName: "", collectionName: "" }] });
  assert.ok("error" in missing && /Role 1/.test(missing.error));
});

test("custom role form: rows of one action merge into one action with several resources; round trip", () => {
  const built = roleFromForm({
    roleName: "r1",
    actions: [
      { action: "FIND", cluster: false, db: "sales", collection: "orders" },
      { action: "FIND", cluster: false, db: "crm", collection: "" },
      { action: "LIST_DATABASES", cluster: true, db: "ignored", collection: "" },
    ],
    inherited: [{ role: "readAnyDatabase", db: "" }],
  });
  const expected: CustomRole = {
    roleName: "r1",
    actions: [
      { action: "FIND", resources: [{ db: "sales", collection: "orders" }, { db: "crm" }] },
      { action: "LIST_DATABASES", resources: [{ cluster: true }] },
    ],
    inheritedRoles: [{ role: "readAnyDatabase", db: "admin" }],
  };
  assert.deepEqual(built, { role: expected });
  assert.deepEqual(roleFromForm(formFromRole(expected)), { role: expected });
  assert.ok("error" in roleFromForm({ roleName: "r2", actions: [{ action: "FIND", cluster: false, db: "", collection: "" }], inherited: [] }));
  assert.ok("error" in roleFromForm({ roleName: " ", actions: [], inherited: [] }));
});

test("custom role form reads a role as the API answers it: every resource with cluster, collection and db", () => {
  const answered = {
    roleName: "r",
    actions: [
      { action: "FIND", resources: [{ cluster: false, collection: "orders", db: "sales" }, { cluster: false, collection: "", db: "crm" }] },
      { action: "LIST_DATABASES", resources: [{ cluster: true, collection: "", db: "" }] },
    ],
    inheritedRoles: [],
  } as unknown as CustomRole;
  assert.deepEqual(formFromRole(answered).actions, [
    { action: "FIND", cluster: false, db: "sales", collection: "orders" },
    { action: "FIND", cluster: false, db: "crm", collection: "" },
    { action: "LIST_DATABASES", cluster: true, db: "", collection: "" },
  ]);
});

test("Connect: X.509 options are added to the connection string, keeping what is there", () => {
  assert.equal(
    x509ConnectionString("mongodb://gw.example.com:27017"),
    "mongodb://gw.example.com:27017/?authMechanism=MONGODB-X509&authSource=%24external&tls=true",
  );
  assert.equal(
    x509ConnectionString("mongodb://gw:27017/?tls=true&appName=x"),
    "mongodb://gw:27017/?tls=true&appName=x&authMechanism=MONGODB-X509&authSource=%24external",
  );
  assert.equal(
    mongoshCommand("mongodb://gw:27017", "client.pem", "ca.pem"),
    'mongosh "mongodb://gw:27017/?authMechanism=MONGODB-X509&authSource=%24external&tls=true" --tlsCertificateKeyFile client.pem --tlsCAFile ca.pem',
  );
});

test("routes round-trip through the address bar", () => {
  const routes: Route[] = [
    { page: "home" },
    { page: "org", orgId: "6b0" },
    { page: "databaseUsers", groupId: "g1" },
    { page: "customRoles", groupId: "g1" },
    { page: "advanced", groupId: "g1" },
    { page: "alerts", groupId: "g1" },
    { page: "clusters", groupId: "g1" },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(routePath(route)), route);
  assert.deepEqual(parseRoute("/groups/g1/security/advanced/"), { page: "advanced", groupId: "g1" });
  assert.deepEqual(parseRoute("/nowhere"), { page: "notFound", path: "/nowhere" });
});

test("the dialogs offer what the server accepts: every custom-role action once, months 1 to the core's maximum", () => {
  const offered = ACTION_GROUPS.flatMap((g) => g.actions);
  assert.equal(new Set(offered).size, offered.length, "no action twice");
  assert.deepEqual([...offered].sort(), [...CUSTOM_ROLE_ACTIONS].sort());
  assert.deepEqual(CERTIFICATE_MONTHS, Array.from({ length: MAX_CERTIFICATE_MONTHS }, (_, i) => i + 1));
  assert.equal(DEFAULT_CERTIFICATE_MONTHS, CORE_DEFAULT_MONTHS);
});

test("Create Alert Setting sends a body the server's own validation accepts, for every channel", () => {
  assert.deepEqual([...ALERTABLE_EVENT_TYPES], [...ALERT_EVENT_TYPES], "the form offers exactly the event types the server alerts on");
  const form = newAlertConfigForm();
  form.thresholdDays = "25";
  form.notifications = [
    { ...newNotificationForm("GROUP"), roles: ["GROUP_OWNER", "GROUP_READ_ONLY"] },
    { ...newNotificationForm("EMAIL"), emailAddress: " ops@example.com ", intervalHours: "2" },
    { ...newNotificationForm("USER"), username: "someone@example.com", intervalHours: "0.5" },
    { ...newNotificationForm("WEBHOOK"), webhookUrl: "https://hooks.example.com/x", webhookSecret: "s" },
    { ...newNotificationForm("SLACK"), webhookUrl: "https://hooks.slack.com/services/x", channelName: "#alerts" },
  ];
  const built = alertConfigBody(form);
  assert.ok("body" in built, JSON.stringify(built));
  assert.deepEqual(built.body.threshold, { operator: "LESS_THAN", threshold: 25, units: "DAYS" });
  assert.deepEqual(built.body.notifications.map((n) => n.intervalMin), [1440, 120, 30, 1440, 1440]);
  assert.equal(built.body.notifications[1]?.emailAddress, "ops@example.com");
  const draft = validateAlertConfig(built.body);
  assert.equal(draft.enabled, true);
  assert.deepEqual(draft.notifications.map((n) => n.typeName), ["GROUP", "EMAIL", "USER", "WEBHOOK", "SLACK"]);
});

test("Create Alert Setting refuses, in words, what the server would refuse", () => {
  const errorOf = (patch: (form: ReturnType<typeof newAlertConfigForm>) => void) => {
    const form = newAlertConfigForm();
    patch(form);
    const built = alertConfigBody(form);
    return "error" in built ? built.error : undefined;
  };
  assert.equal(errorOf((f) => (f.thresholdDays = "0")), "Days before expiration must be a whole number from 1 to 3650.");
  assert.equal(errorOf((f) => (f.thresholdDays = "2.5")), "Days before expiration must be a whole number from 1 to 3650.");
  assert.equal(errorOf((f) => (f.notifications = [])), "Add at least one notification.");
  assert.equal(errorOf((f) => ((f.notifications[0] as { intervalHours: string }).intervalHours = "0.05")), "Notification 1: notifications must repeat at least 5 minutes apart.");
  assert.equal(errorOf((f) => ((f.notifications[0] as { roles: string[] }).roles = [])), "Notification 1: choose at least one project role.");
  assert.equal(errorOf((f) => f.notifications.push(newNotificationForm("EMAIL"))), "Notification 2: enter the email address.");
  assert.equal(errorOf((f) => f.notifications.push(newNotificationForm("WEBHOOK"))), "Notification 2: enter the webhook URL.");
});
