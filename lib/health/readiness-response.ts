// The web app's readiness answer, shared by /api/health/ready and its alias /api/health.
import { json } from "@/lib/api/handler";
import { logger } from "@/lib/log/logger";
import { prisma } from "@/lib/db/client";
import pkg from "@/package.json";
import { checkReadiness } from "./check-readiness";

export async function readinessResponse(): Promise<Response> {
  const readiness = await checkReadiness(prisma);
  // Note: the database's own error may name hosts and users; it goes to the log, not to anonymous callers.
  if (readiness.database === "unreachable")
    logger.warn({ reason: readiness.reason }, "not ready: database unreachable");
  const body = readiness.ready
    ? { status: "ok", database: "ok", migrations: "ok" }
    : readiness.database === "unreachable"
      ? { status: "degraded", database: "unreachable", migrations: "unknown" }
      : { status: "degraded", database: "ok", migrations: "pending", pending: readiness.pending };
  return json(
    { ...body, version: pkg.version },
    { status: readiness.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
