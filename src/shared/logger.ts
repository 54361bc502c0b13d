import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.js";

/**
 * Paths pino blanks out wherever they appear in a log record: credentials must never reach a log,
 * even when a whole request or result object is logged by mistake.
 */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "headers.authorization",
  "privateKey",
  "*.privateKey",
  "password",
  "*.password",
  "pem",
  "*.pem",
];

/** certgate's process logger (JSON lines on stdout). */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: "certgate" }, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } });
}
