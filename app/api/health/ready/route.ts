import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { logger } from "@/lib/api/request-logger";
import { checkReadiness } from "@/lib/health/check-readiness";
import pkg from "@/package.json";

// Readiness: the database answers and holds every migration of this build; load balancers send no
// traffic to a pod that answers 503 here. Permission: public
export const GET = route({ permission: "public" }, async () => {
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
});

export const dynamic = "force-dynamic";
