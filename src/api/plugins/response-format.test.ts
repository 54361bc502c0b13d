import { test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { installResponseFormat } from "./response-format.js";

const certSchema = {
  type: "object",
  properties: { _id: { type: "integer" }, subject: { type: "string" } },
} as const;

async function app() {
  const server = Fastify();
  installResponseFormat(server);
  server.get("/cert", { schema: { response: { 200: certSchema } } }, async () => ({
    _id: 9223372036854775807n,
    subject: "\u0000bigint:42",
    privateKey: "must not leave",
  }));
  server.get("/free", async () => ({ anything: 1n, goes: true }));
  await server.ready();
  return server;
}

test("a response schema drops undeclared fields; int64 values and look-alike strings stay exact", async () => {
  const server = await app();
  const res = await server.inject("/cert");
  assert.equal(res.body, '{"_id":9223372036854775807,"subject":"\\u0000bigint:42"}');
});

test("the schema applies under envelope and pretty too", async () => {
  const server = await app();
  const enveloped = await server.inject("/cert?envelope=true");
  assert.equal(enveloped.body, '{"status":200,"content":{"_id":9223372036854775807,"subject":"\\u0000bigint:42"}}');
  const pretty = await server.inject("/cert?pretty=true");
  assert.equal(pretty.body, '{\n  "_id" : 9223372036854775807,\n  "subject" : "\\u0000bigint:42"\n}');
});

test("a route without a response schema sends its body as it is", async () => {
  const server = await app();
  assert.equal((await server.inject("/free")).body, '{"anything":1,"goes":true}');
});

test("fields keep the order the route gave them, not the schema's", async () => {
  const server = Fastify();
  installResponseFormat(server);
  const schema = { type: "object", properties: { z: { type: "integer" }, a: { type: "array", items: { type: "object", properties: { y: { type: "string" }, b: { type: "string" } } } } } };
  server.get("/ordered", { schema: { response: { 200: schema } } }, async () => ({ a: [{ b: "1", y: "2" }], z: 3 }));
  assert.equal((await server.inject("/ordered")).body, '{"a":[{"b":"1","y":"2"}],"z":3}');
});
