import { test } from "node:test";
import assert from "node:assert/strict";
import { reversedDnSuggestion, reversedDnWarning } from "./dn-order.js";

test("a DN in OpenSSL's display order is spotted and the RFC 2253 order suggested", () => {
  assert.equal(reversedDnSuggestion("C=US, O=MongoDB, OU=Eng, CN=client2"), "CN=client2,OU=Eng,O=MongoDB,C=US");
  assert.equal(reversedDnSuggestion("DC=com,DC=example,CN=svc"), "CN=svc,DC=example,DC=com");
  assert.equal(reversedDnSuggestion("O=Acme,CN=a+UID=b"), "CN=a+UID=b,O=Acme");
  assert.match(reversedDnWarning("C=US,CN=x") ?? "", /most specific part first: CN=x,C=US\./);
});

test("DNs already in RFC 2253 order, single RDNs, unknown types and unparsable text are not flagged", () => {
  for (const dn of ["CN=client2,OU=Eng,O=MongoDB,C=US", "CN=Jane Doe,O=MongoDB,C=US", "CN=only", "OU=a,O=b", "1.2.3.4=x,CN=y", "C=US,1.2.3.4=x", "not a dn", "O=a,O=b"]) {
    assert.equal(reversedDnSuggestion(dn), undefined, dn);
    assert.equal(reversedDnWarning(dn), undefined, dn);
  }
});
