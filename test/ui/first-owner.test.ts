/**
 * The first person, as an operator meets them: `certgate init --json` prints the Organization Owner's
 * email and password once; `certgate start` (the built CLI in a child process) serves the web UI at
 * `/`, where that password signs in. Also checks the UI's security headers and that the password never
 * reaches the log.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { launchChromium, newContext } from "./browser.js";
import { startCertgateCli, type CertgateCli } from "./certgate-cli.js";
import { signIn } from "./ui-steps.js";

let server: CertgateCli | undefined;
after(async () => {
  await server?.stop();
});

test("init prints the first owner's password once; start serves the UI where it signs in", async () => {
  server = await startCertgateCli();
  const report = server.init;
  assert.equal(report.ownerEmail, "owner@certgate.local");
  assert.ok(report.ownerPassword.length >= 20, "a long random password");
  assert.ok(!server.output().includes(report.ownerPassword), "start does not print the password again");

  const index = await fetch(`${server.url}/groups/000000000000000000000000/security/advanced`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(index.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.match(await index.text(), /<div id="root">/);
  const unknownApi = await fetch(`${server.url}/api/atlas/v1.0/no-such-resource`);
  assert.equal(unknownApi.status, 404, "API paths keep their Atlas 404");

  const browser = await launchChromium();
  try {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, server.url, report.ownerEmail, report.ownerPassword);
    await page.getByRole("link", { name: "Project0" }).click();
    await page.getByRole("heading", { level: 1, name: "Database Access" }).waitFor();
  } finally {
    await browser.close();
  }
  assert.ok(!server.output().includes(report.ownerPassword), "the password never reaches the log");
});
