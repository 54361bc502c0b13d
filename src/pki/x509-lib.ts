/**
 * The one entry point to `@peculiar/x509` inside certgate.
 *
 * The library resolves its services through tsyringe, which needs the `reflect-metadata` polyfill
 * loaded first, and it must be given Node's WebCrypto implementation. Every module that builds or reads
 * certificates imports the library from here so both happen before first use.
 */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
