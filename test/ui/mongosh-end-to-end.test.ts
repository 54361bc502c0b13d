/**
 * The seed's whole path, ending with a real client: against `certgate start` (the built CLI), the
 * first owner signs in, creates a cluster, opens its Connect dialog and downloads the gateway's CA,
 * adds a managed user with readWrite on one database and downloads its certificate, then runs the
 * exact mongosh command the dialog shows, with the two files. mongosh must authenticate with
 * MONGODB-X509 as that user, write where the user may and be refused where it may not. Then the
 * self-managed path: upload the customer CA in the CA dialog, add a user by Distinguished Name, and
 * connect with a certificate that CA signed (made by openssl).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { CA_FILE_PLACEHOLDER, CERT_FILE_PLACEHOLDER } from "../../web/src/lib/connection-commands.js";
import { launchChromium, newContext, screenshot, trackBrowserErrors } from "./browser.js";
import { startCertgateCli, type CertgateCli } from "./certgate-cli.js";
import { issueClientCertificate, makeCustomerCa } from "./customer-pki.js";
import { assertNoDialog, openProjectPage, signIn } from "./ui-steps.js";

const run = promisify(execFile);

// A port block of its own, so parallel test files with gateways don't collide.
const FIRST_PORT = 28000 + (process.pid % 90) * 10;

describe("web UI end to end: a certificate downloaded from the UI works with mongosh", () => {
  let server: CertgateCli;
  let browser: Browser;
  let page: Page;
  let browserErrors: string[] = [];
  let command = "";
  let caFile = "";
  let certFile = "";

  before(async () => {
    server = await startCertgateCli({ gatewayPorts: `${FIRST_PORT}-${FIRST_PORT + 9}` });
    browser = await launchChromium();
    page = await (await newContext(browser)).newPage();
    browserErrors = trackBrowserErrors(page);
    await signIn(page, server.url, server.init.ownerEmail, server.init.ownerPassword);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates a cluster, which comes up with a connection string", async () => {
    await openProjectPage(page, server.url, "Clusters");
    await page.getByLabel("New cluster name").fill("Cluster0");
    await page.getByRole("button", { name: "Create Cluster" }).click();
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Cluster0" }) });
    await card.getByText(/^IDLE/).waitFor({ timeout: 15_000 });
    await card.getByText(`mongodb://`).waitFor();
    await screenshot(page, "clusters");
  });

  it("the Connect dialog offers the gateway's CA and shows the mongosh command", async () => {
    await page.getByRole("button", { name: "Connect to Cluster0" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect to Cluster0" });
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Download CA certificate" }).click()]);
    assert.equal(download.suggestedFilename(), "Cluster0-ca.pem");
    caFile = join(server.dir, "Cluster0-ca.pem");
    await download.saveAs(caFile);
    command = (await dialog.getByLabel("mongosh command", { exact: true }).innerText()).trim();
    assert.match(command, /^mongosh "mongodb:\/\/[^"]+authMechanism=MONGODB-X509[^"]*" --tlsCertificateKeyFile \S+ --tlsCAFile \S+$/);
    await screenshot(page, "clusters-connect");
    await dialog.getByRole("button", { name: "Close" }).first().click();
    await assertNoDialog(page);
  });

  it("adds a managed user with readWrite on one database and downloads its certificate", async () => {
    await openProjectPage(page, server.url, "Database Access");
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.getByLabel("Common Name (user name)").fill("app-service");
    await dialog.getByLabel("Certificate expiration").selectOption("1");
    await dialog.getByLabel("Add Default Privileges").check();
    const role = dialog.getByRole("group", { name: "Role 1" });
    await role.getByLabel("Role", { exact: true }).selectOption("readWrite");
    await role.getByLabel("Database", { exact: true }).fill("inventory");
    const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Add User" }).click()]);
    certFile = join(server.dir, download.suggestedFilename());
    await download.saveAs(certFile);
    await assertNoDialog(page);
  });

  /** Runs the Connect dialog's mongosh command with `certificate` and the gateway's CA; answers stdout. */
  const mongosh = async (certificate: string, script: string): Promise<string> => {
    const shell = `${command.replace(CERT_FILE_PLACEHOLDER, `'${certificate}'`).replace(CA_FILE_PLACEHOLDER, `'${caFile}'`)} --quiet --eval "${script}"`;
    const { stdout } = await run("bash", ["-c", shell], {
      env: { ...process.env, PATH: `${resolve("node_modules/.bin")}:${process.env.PATH ?? ""}`, MONGOSH_NO_TELEMETRY: "1" },
      timeout: 90_000,
    });
    return stdout;
  };

  it("mongosh, run with the dialog's command, authenticates as the user and is held to its privileges", async () => {
    const script = [
      "const inv = db.getSiblingDB('inventory');",
      "inv.items.insertOne({ sku: 'a1', qty: 3 });",
      "print('COUNT=' + inv.items.countDocuments({}));",
      "print('USERS=' + JSON.stringify(db.getSiblingDB('admin').runCommand({ connectionStatus: 1 }).authInfo.authenticatedUsers));",
      "try { db.getSiblingDB('payroll').salaries.insertOne({ x: 1 }); print('PAYROLL=written'); } catch (e) { print('PAYROLL=' + e.codeName); }",
    ].join(" ");
    const stdout = await mongosh(certFile, script);
    assert.match(stdout, /COUNT=1/, stdout);
    // As mongod, the gateway names an X.509 user by the certificate's subject.
    assert.match(stdout, /USERS=\[\{"user":"CN=app-service","db":"\$external"\}\]/, stdout);
    assert.match(stdout, /PAYROLL=Unauthorized/, stdout);
  });

  it("self-managed: uploads the customer CA, adds a user by DN, and that CA's certificate connects as the user", async () => {
    const ca = makeCustomerCa(server.dir, "corp-ca", "Example Corp Users CA");
    const janeFile = issueClientCertificate(server.dir, ca, "jane", "/C=US/O=MongoDB/CN=Jane Doe");

    await openProjectPage(page, server.url, "Advanced");
    await page.getByRole("switch", { name: "Self-Managed X.509 Authentication" }).click();
    const caDialog = page.getByRole("dialog", { name: "Self-Managed X.509 Authentication" });
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), caDialog.getByRole("button", { name: "Upload" }).click()]);
    await chooser.setFiles(ca.certFile);
    await caDialog.getByRole("button", { name: "Save" }).click();
    await assertNoDialog(page);
    await page.getByRole("table", { name: "Certificate authorities" }).getByText("CN=Example Corp Users CA").waitFor();

    await openProjectPage(page, server.url, "Database Access");
    await page.getByRole("button", { name: "Add New Database User" }).click();
    const dialog = page.getByRole("dialog", { name: "Add New Database User" });
    await dialog.getByLabel("Self-managed X.509").check();
    await dialog.getByLabel("Distinguished Name").fill("CN=Jane Doe,O=MongoDB,C=US");
    await dialog.getByText("Stored as CN=Jane Doe,O=MongoDB,C=US").waitFor();
    await dialog.getByLabel("Only read any database").check();
    await dialog.getByRole("button", { name: "Add User" }).click();
    await assertNoDialog(page);

    const stdout = await mongosh(
      janeFile,
      [
        "print('COUNT=' + db.getSiblingDB('inventory').items.countDocuments({}));",
        "print('USERS=' + JSON.stringify(db.getSiblingDB('admin').runCommand({ connectionStatus: 1 }).authInfo.authenticatedUsers));",
        "try { db.getSiblingDB('inventory').items.insertOne({ sku: 'b2' }); print('WRITE=written'); } catch (e) { print('WRITE=' + e.codeName); }",
      ].join(" "),
    );
    assert.match(stdout, /COUNT=1/, stdout);
    assert.match(stdout, /USERS=\[\{"user":"CN=Jane Doe,O=MongoDB,C=US","db":"\$external"\}\]/, stdout);
    assert.match(stdout, /WRITE=Unauthorized/, stdout);
  });

  it("raised no script error or Content-Security-Policy violation in the browser", () => {
    assert.deepEqual(browserErrors, []);
  });
});
