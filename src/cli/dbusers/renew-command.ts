/**
 * `certgate dbusers certs renew --certFile F --keyFile K [--daemon] [--exec CMD]`: renews a managed
 * certificate with the certificate itself, over mutual TLS to the Admin API, without an API key (as
 * `step ca renew` does). The new certificate (same key, same subject, new serial) replaces F
 * atomically with mode 0600; K is left as it is. `--daemon` keeps running and renews at two thirds of
 * each certificate's lifetime (with jitter); `--exec` runs a shell command after each renewal.
 */
import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import type { Command } from "commander";
import { parseDuration } from "../../pki/certificate-lifetime.js";
import { writePrivateFile } from "../admin/private-file.js";
import { resolveConnectionSettings } from "../admin/connection-settings.js";
import { renewalDelayMs } from "./renewal-schedule.js";

interface RenewFlags {
  certFile: string;
  keyFile: string;
  caFile?: string;
  daemon?: boolean;
  exec?: string;
  expiresIn?: string;
  revokeCurrent?: boolean;
  profile?: string;
}

/** The renewal path below the API's v1.0 prefix. */
const RENEW_URL_PATH = "/api/atlas/v1.0/x509/renew";
/** How long a daemon waits before trying again after a failed renewal. */
const RETRY_MS = 30_000;
/** The shortest wait between two renewals of a daemon. */
const MIN_SPACING_MS = 1000;

function read(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Asks the server for a new certificate, authenticating with the current one. */
function requestRenewal(apiUrl: string, flags: RenewFlags): Promise<string> {
  const url = new URL(RENEW_URL_PATH, apiUrl);
  if (url.protocol !== "https:") throw new Error(`renewal authenticates with the certificate over TLS: the API URL must be https://, got ${apiUrl}`);
  const body = JSON.stringify(flags.revokeCurrent === true ? { revokeCurrent: true } : {});
  const options = {
    method: "POST",
    cert: read(flags.certFile, "--certFile"),
    key: read(flags.keyFile, "--keyFile"),
    ...(flags.caFile === undefined ? {} : { ca: read(flags.caFile, "--caFile") }),
    headers: { "content-type": "application/json", accept: "application/json", "content-length": Buffer.byteLength(body) },
  };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        if (res.statusCode === 201) return resolve(text);
        let detail = text;
        try {
          const parsed = JSON.parse(text) as { errorCode?: string; detail?: string };
          detail = `${parsed.errorCode ?? res.statusCode}: ${parsed.detail ?? text}`;
        } catch {
          // not JSON: show it as it is
        }
        reject(new Error(`renewal refused (${res.statusCode}): ${detail}`));
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function runAfterRenewal(command: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: "inherit" });
    child.on("error", (err) => {
      process.stderr.write(`--exec failed to start: ${err.message}\n`);
      resolve();
    });
    child.on("close", (code) => {
      if (code !== 0) process.stderr.write(`--exec exited with ${code}\n`);
      resolve();
    });
  });
}

async function renewOnce(apiUrl: string, flags: RenewFlags): Promise<X509Certificate> {
  const pem = await requestRenewal(apiUrl, flags);
  const renewed = new X509Certificate(pem);
  writePrivateFile(flags.certFile, pem);
  process.stdout.write(
    `Renewed ${renewed.subject}: serial ${BigInt(`0x${renewed.serialNumber}`)}, valid until ${new Date(renewed.validTo).toISOString()}; written to ${flags.certFile}.\n`,
  );
  if (flags.exec !== undefined) await runAfterRenewal(flags.exec);
  return renewed;
}

function windowOf(certificate: X509Certificate): { notBefore: number; notAfter: number } {
  return { notBefore: Date.parse(certificate.validFrom), notAfter: Date.parse(certificate.validTo) };
}

/** Resolves after `ms`, or at once when `stop` is aborted. */
function wait(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    }
    stop.addEventListener("abort", done);
  });
}

/** Renews whenever due until SIGINT or SIGTERM. */
async function daemon(apiUrl: string, flags: RenewFlags, expiresInMs: number | undefined): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  while (!stop.signal.aborted) {
    const current = new X509Certificate(read(flags.certFile, "--certFile"));
    const delay = renewalDelayMs(windowOf(current), Date.now(), { random: Math.random(), ...(expiresInMs === undefined ? {} : { expiresInMs }) });
    process.stdout.write(`Next renewal of ${current.subject} at ${new Date(Date.now() + delay).toISOString()}.\n`);
    await wait(delay, stop.signal);
    if (stop.signal.aborted) break;
    try {
      await renewOnce(apiUrl, flags);
      await wait(MIN_SPACING_MS, stop.signal);
    } catch (err) {
      process.stderr.write(`Error: ${(err as Error).message}; trying again in ${RETRY_MS / 1000} s\n`);
      await wait(RETRY_MS, stop.signal);
    }
  }
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
}

/** Adds `certs renew`. */
export function registerRenewCommand(certs: Command): void {
  certs
    .command("renew")
    .description("renew a managed certificate with itself over mutual TLS (no API key); the key stays the same")
    .requiredOption("--certFile <file>", "the current certificate (PEM); replaced by the new one, mode 0600")
    .requiredOption("--keyFile <file>", "its private key (PEM); not changed, never sent")
    .option("--caFile <file>", "CA certificates that verify the API server's HTTPS certificate (default: the system's)")
    .option("--daemon", "keep running and renew at two thirds of each certificate's lifetime, with jitter")
    .option("--exec <command>", "shell command to run after each renewal, e.g. to reload the application")
    .option("--expiresIn <duration>", "renew only once less than this is left (ISO 8601, e.g. PT1H) instead of at two thirds")
    .option("--revokeCurrent", "revoke the certificate being replaced (default: it stays valid until it expires)")
    .option("-P, --profile <name>", "profile of the config file that holds the API URL [env CERTGATE_PROFILE]")
    .action(async function (this: Command) {
      const flags = this.opts<RenewFlags>();
      try {
        const apiUrl = resolveConnectionSettings({ ...(flags.profile === undefined ? {} : { profile: flags.profile }) }).apiUrl;
        if (apiUrl === undefined) throw new Error("no API URL: set CERTGATE_API_URL (e.g. https://certgate.example.com) or run `certgate config init`");
        const expiresInMs = flags.expiresIn === undefined ? undefined : parseDuration(flags.expiresIn);
        if (flags.expiresIn !== undefined && expiresInMs === undefined) throw new Error(`--expiresIn must be an ISO 8601 duration such as PT1H, got "${flags.expiresIn}"`);
        if (flags.daemon === true) return await daemon(apiUrl, flags, expiresInMs);
        const current = new X509Certificate(read(flags.certFile, "--certFile"));
        if (expiresInMs !== undefined && renewalDelayMs(windowOf(current), Date.now(), { random: 0, expiresInMs }) > 0) {
          process.stdout.write(`Not renewed: ${current.subject} is valid until ${new Date(current.validTo).toISOString()}, more than ${flags.expiresIn} from now.\n`);
          return;
        }
        await renewOnce(apiUrl, flags);
      } catch (err) {
        process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
