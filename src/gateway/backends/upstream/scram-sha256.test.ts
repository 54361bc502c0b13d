import { test } from "node:test";
import assert from "node:assert/strict";
import { scramFinal, scramStart, scramVerify } from "./scram-sha256.js";

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

test("user names escape = and , and passwords are SASLprepped (RFC 4013) before they are salted", () => {
  assert.equal(scramStart("a=b,c", "n").clientFirst, "n,,n=a=3Db=2Cc,r=n");
  const proof = (password: string) => scramFinal(scramStart("user", CLIENT_NONCE), SERVER_FIRST, password).clientFinal;
  // Soft hyphen maps to nothing, no-break space to a space, and NFKC folds the Roman numeral Ⅸ.
  assert.equal(proof("I\u00adX"), proof("IX"));
  assert.equal(proof("a\u00a0b"), proof("a b"));
  assert.equal(proof("\u2168"), proof("IX"));
  assert.throws(() => proof("a\u0007b"), /Prohibited character/);
  // Right-to-left text mixed with left-to-right letters is refused (RFC 3454 §6).
  assert.throws(() => proof("\u0627a"), /RandALCat/);
});
