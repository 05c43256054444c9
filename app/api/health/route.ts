import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import pkg from "@/package.json";

// Liveness and database reachability for load balancers and the demo script. Permission: public
export const GET = route({ permission: "public" }, async () => {
  let database: "ok" | "unreachable" = "ok";
  try {
    await prisma.$queryRaw`SELECT 1`;
  } catch {
    database = "unreachable";
  }
  const body = { status: database === "ok" ? "ok" : "degraded", database, version: pkg.version };
  return json(body, { status: database === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});

export const dynamic = "force-dynamic";
