import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Fastify from "fastify";
import { registerStaticUi } from "./static-ui.js";

const dir = mkdtempSync(join(tmpdir(), "certgate-static-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function serve(root: string) {
  const app = Fastify();
  registerStaticUi(app, root);
  return app;
}

test("UI routes answer index.html with security headers; assets are cached; nothing escapes the folder", async () => {
  const root = join(dir, "dist");
  mkdirSync(join(root, "assets"), { recursive: true });
  writeFileSync(join(root, "index.html"), "<!doctype html><div id=root></div>");
  writeFileSync(join(root, "assets", "app-abc.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "outside");
  const app = serve(root);

  for (const url of ["/", "/orgs/abc/projects", "/groups/abc/security/advanced"]) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers["content-type"] as string, /^text\/html/);
    assert.match(res.headers["content-security-policy"] as string, /frame-ancestors 'none'/);
    assert.equal(res.headers["cache-control"], "no-cache");
  }
  const asset = await app.inject({ url: "/assets/app-abc.js" });
  assert.equal(asset.statusCode, 200);
  assert.match(asset.headers["content-type"] as string, /^text\/javascript/);
  assert.match(asset.headers["cache-control"] as string, /immutable/);

  for (const url of ["/assets/..%2F..%2Fsecret.txt", "/assets/../../secret.txt", "/assets/missing.js"]) {
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 404, url);
    assert.ok(!res.body.includes("outside"), url);
  }
  await app.close();
});

test("without a build, UI routes explain how to build it", async () => {
  const app = serve(join(dir, "not-built"));
  const res = await app.inject({ url: "/" });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /npm run build/);
  await app.close();
});
