import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { managedCaNeedsRotation, newestManagedCa, trustedManagedCas } from "./managed-ca-trust.js";

const now = new Date("2030-06-01T00:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const ca1 = { caId: "ca-1", generation: 1, notAfter: days(400) };
const ca2 = { caId: "ca-2", generation: 2, notAfter: days(3000) };
const ca3 = { caId: "ca-3", generation: 3, notAfter: days(3650) };

describe("trustedManagedCas", () => {
  it("always keeps the newest CA, even with nothing issued", () => {
    assert.deepEqual(trustedManagedCas([ca1, ca2, ca3], [], now), [ca3]);
    assert.equal(newestManagedCa([ca2, ca3, ca1]), ca3);
    assert.equal(newestManagedCa([]), undefined);
  });

  it("keeps an old CA while one of its certificates is unexpired, newest first", () => {
    const issued = [
      { caId: "ca-1", notAfter: days(-1) },
      { caId: "ca-2", notAfter: days(30) },
    ];
    assert.deepEqual(trustedManagedCas([ca1, ca2, ca3], issued, now), [ca3, ca2]);
  });

  it("drops an old CA once its last certificate expires", () => {
    const issued = [{ caId: "ca-2", notAfter: days(30) }];
    assert.deepEqual(trustedManagedCas([ca1, ca2, ca3], issued, days(31)), [ca3]);
  });

  it("does not keep an old CA for revoked certificates", () => {
    const issued = [{ caId: "ca-2", notAfter: days(30), revokedAt: days(-2) }];
    assert.deepEqual(trustedManagedCas([ca2, ca3], issued, now), [ca3]);
  });

  it("drops an old CA that has itself expired even if a certificate claims longer life", () => {
    const issued = [{ caId: "ca-1", notAfter: days(500) }];
    assert.deepEqual(trustedManagedCas([ca1, ca3], issued, days(450)), [ca3]);
  });
});

describe("managedCaNeedsRotation", () => {
  it("is true once a 24-month certificate would outlive the CA", () => {
    assert.equal(managedCaNeedsRotation({ notAfter: days(800) }, now), false);
    assert.equal(managedCaNeedsRotation({ notAfter: new Date("2032-06-01T00:00:00Z") }, now), false);
    assert.equal(managedCaNeedsRotation({ notAfter: new Date("2032-05-31T23:59:59Z") }, now), true);
  });
});
