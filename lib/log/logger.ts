// Structured JSON logs for the app and the worker. Secrets are redacted by path before a line is
// written, and a cluster's credentials never reach a log call in the first place.
import pino from "pino";
import { currentSetting } from "@/lib/env";

export const REDACT_PATHS = [
  "*.token",
  "*.password",
  "*.passwordHash",
  "*.credentials",
  "*.authorization",
  "*.cookie",
  "*.secret",
  "*.clientKeyData",
  "*.clientCertificateData",
  "headers.authorization",
  "headers.cookie",
];

export function createLogger(options: {
  name: string;
  level?: string;
  destination?: pino.DestinationStream;
}) {
  return pino(
    {
      name: options.name,
      level: options.level ?? defaultLevel(),
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type Logger = pino.Logger;

/** PORTICO_LOG_LEVEL; unset under Vitest, silent, so test output stays readable. */
function defaultLevel(): string {
  if (process.env.VITEST && !process.env.PORTICO_LOG_LEVEL) return "silent";
  return currentSetting("PORTICO_LOG_LEVEL");
}

/** The process-wide logger of the web app (route handlers, sign-in, cluster access); the worker and
 * CLIs create their own with a name. */
export const logger = createLogger({ name: "portico-web" });
