/**
 * The client side of SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash), as MongoDB runs it inside
 * `saslStart`/`saslContinue`: no channel binding (`n,,`), and the server's signature checked before
 * the conversation counts as done.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";
import saslprep from "@mongodb-js/saslprep";

/** MongoDB's floor for the iteration count, as the drivers enforce it. */
const MIN_ITERATIONS = 4096;

/** The state kept between the client's first and final messages. */
export interface ScramStart {
  /** `n,,n=<user>,r=<nonce>`: the payload of saslStart. */
  clientFirst: string;
  readonly clientFirstBare: string;
  readonly nonce: string;
}

/** The client's final message and the server signature that must come back. */
export interface ScramFinal {
  clientFinal: string;
  expectedServerSignature: string;
}

function escapeName(name: string): string {
  return name.replace(/=/g, "=3D").replace(/,/g, "=2C");
}

/** Starts a conversation for `username` (with a random nonce unless one is given, for tests). */
export function scramStart(username: string, nonce = randomBytes(24).toString("base64")): ScramStart {
  const clientFirstBare = `n=${escapeName(username)},r=${nonce}`;
  return { clientFirst: `n,,${clientFirstBare}`, clientFirstBare, nonce };
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/** Answers the server's first message with the proof of knowing `password`. */
export function scramFinal(start: ScramStart, serverFirst: string, password: string): ScramFinal {
  const fields = attributes(serverFirst);
  const nonce = fields.get("r");
  const salt = fields.get("s");
  const iterations = Number(fields.get("i"));
  if (fields.has("e")) throw new Error(`the server refused SCRAM: ${fields.get("e")}`);
  if (nonce === undefined || !nonce.startsWith(start.nonce) || nonce.length === start.nonce.length) throw new Error("the server's nonce does not extend the client's");
  if (salt === undefined || !Number.isInteger(iterations) || iterations < MIN_ITERATIONS) throw new Error("the server's salt or iteration count is invalid");
  const salted = pbkdf2Sync(saslprep(password), Buffer.from(salt, "base64"), iterations, 32, "sha256");
  const clientKey = hmac(salted, "Client Key");
  const storedKey = createHash("sha256").update(clientKey).digest();
  const withoutProof = `c=biws,r=${nonce}`;
  const authMessage = `${start.clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.alloc(clientKey.length);
  for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i] ^ signature[i];
  const serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
  return { clientFinal: `${withoutProof},p=${proof.toString("base64")}`, expectedServerSignature: serverSignature.toString("base64") };
}

/** Checks the server's final message (`v=<signature>`); throws when it does not prove the server knows the key. */
export function scramVerify(final: ScramFinal, serverFinal: string): void {
  const fields = attributes(serverFinal);
  if (fields.has("e")) throw new Error(`the server refused SCRAM: ${fields.get("e")}`);
  const got = Buffer.from(fields.get("v") ?? "", "base64");
  const expected = Buffer.from(final.expectedServerSignature, "base64");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new Error("the server's SCRAM signature does not verify");
}
