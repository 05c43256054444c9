import { prisma } from "@/lib/db/client";
import { route } from "@/lib/api/handler";
import { collectMetrics } from "@/lib/metrics/collect-metrics";

// Prometheus metrics (text exposition format); scrape with an API token. Permission: sync:read
export const GET = route({ permission: "sync:read" }, async () => {
  const { contentType, body } = await collectMetrics(prisma);
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
