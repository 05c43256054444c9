// Structured JSON logs for the app and the worker. Secrets are redacted by path before a line is
// written, and a cluster's credentials never reach a log call in the first place.
import pino from "pino";

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
      level: options.level ?? process.env.PORTICO_LOG_LEVEL ?? "info",
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type Logger = pino.Logger;

/** The process-wide logger of the web app; the worker and CLIs create their own with a name. */
export const logger = createLogger({ name: "portico" });
