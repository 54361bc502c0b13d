/**
 * The Admin API end to end: a real server over a real store, once on SQLite and once on PostgreSQL,
 * driven by curl, by the mongodb-atlas-api-client package and by a hand-driven digest client.
 */
import { after, before, describe } from "node:test";
import { forEachStoreDialect } from "../support/test-stores.js";
import { startApi, type ApiFixture } from "./api-harness.js";
import { accessSuite } from "./suites/access.js";
import { atlasClientSuite } from "./suites/atlas-client.js";
import { certificateLifecycleSuite } from "./suites/certificate-lifecycle.js";
import { digestAuthSuite } from "./suites/digest-auth.js";
import { errorsSuite } from "./suites/errors.js";
import { formatSuite } from "./suites/format.js";
import { resourcesSuite } from "./suites/resources.js";
import { seedCurlSuite } from "./suites/seed-curl.js";

forEachStoreDialect("Admin API", ({ freshStore }) => {
  let fixture: ApiFixture | undefined;
  const fx = (): ApiFixture => {
    if (!fixture) throw new Error("the API fixture did not start");
    return fixture;
  };
  before(async () => {
    fixture = await startApi(await freshStore());
  });
  after(async () => {
    await fixture?.close();
  });

  describe("seed curl", () => seedCurlSuite(fx));
  describe("digest authentication", () => digestAuthSuite(fx));
  describe("access control", () => accessSuite(fx));
  describe("errors", () => errorsSuite(fx));
  describe("response format", () => formatSuite(fx));
  describe("resources", () => resourcesSuite(fx));
  describe("certificate lifecycle extensions", () => certificateLifecycleSuite(fx));
  describe("mongodb-atlas-api-client", () => atlasClientSuite(fx));
});
