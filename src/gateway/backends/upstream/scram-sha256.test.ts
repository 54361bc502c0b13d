import { test } from "node:test";
import assert from "node:assert/strict";
import { saslPrep, scramFinal, scramStart, scramVerify } from "./scram-sha256.js";

// RFC 7677 section 3: the SCRAM-SHA-256 exchange for user "user", password "pencil".
const CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
const SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
const SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

test("SCRAM-SHA-256 reproduces RFC 7677's exchange", () => {
  const start = scramStart("user", CLIENT_NONCE);
  assert.equal(start.clientFirst, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
  const final = scramFinal(start, SERVER_FIRST, "pencil");
  assert.equal(final.clientFinal, CLIENT_FINAL);
  assert.doesNotThrow(() => scramVerify(final, SERVER_FINAL));
});

test("SCRAM-SHA-256 refuses a wrong server signature, a foreign nonce and a low iteration count", () => {
  const start = scramStart("user", CLIENT_NONCE);
  const final = scramFinal(start, SERVER_FIRST, "pencil");
  assert.throws(() => scramVerify(final, "v=AAAAbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="), /does not verify/);
  assert.throws(() => scramVerify(final, "e=invalid-proof"), /refused SCRAM: invalid-proof/);
  assert.throws(() => scramFinal(start, "r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "pencil"), /nonce/);
  assert.throws(() => scramFinal(start, `r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000`, "pencil"), /iteration/);
});

test("user names escape = and , and passwords are SASLprepped", () => {
  assert.equal(scramStart("a=b,c", "n").clientFirst, "n,,n=a=3Db=2Cc,r=n");
  assert.equal(saslPrep("I\u00adX"), "IX");
  assert.equal(saslPrep("a\u00a0b"), "a b");
  assert.equal(saslPrep("\u2168"), "IX");
  assert.throws(() => saslPrep("a\u0007b"), /prohibits/);
});
