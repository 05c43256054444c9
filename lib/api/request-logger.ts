// The logger of the web process (route handlers, server actions, sign-in). Quiet under Vitest
// unless PORTICO_LOG_LEVEL asks otherwise, so test output stays readable.
import { createLogger } from "@/lib/log/logger";

export const logger = createLogger({
  name: "portico-web",
  level: process.env.PORTICO_LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
});
