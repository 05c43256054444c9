// Where a product stands on the journey, in one word the overview can group by: the step-1
// phases (with the DNS share while both gateways serve), then steps 2 and 3. Pure.
import { hostPercent } from "@/lib/cutover/dns-stages";
import type { MigrationStatus } from "@/lib/migration/describe-migration";
import type { Topology } from "@/lib/topology";

export type MigrationStage = "shared" | "serve-both" | "dns-moving" | "cut-over" | "split" | "multi-cluster";

export const STAGE_LABEL: Record<MigrationStage, string> = {
  shared: "on the shared gateway",
  "serve-both": "served by both gateways",
  "dns-moving": "DNS moving to its gateway",
  "cut-over": "on its own gateway",
  split: "split into successors",
  "multi-cluster": "in several clusters",
};

export function migrationStage(
  topology: Topology,
  status: MigrationStatus,
): { stage: MigrationStage; percent?: number } {
  if (status.phase === "shared") return { stage: "shared" };
  if (status.phase === "serve-both") {
    const dns = topology.products.find((p) => p.name === status.product)?.dns;
    const own = status.gateway?.ref;
    const shares = own && dns ? dns.hosts.map((h) => hostPercent(h, own) ?? 0) : [];
    const percent = shares.length ? Math.min(...shares) : 0;
    return percent > 0 ? { stage: "dns-moving", percent } : { stage: "serve-both" };
  }
  if (status.done.copy) return { stage: "multi-cluster" };
  if (status.done.split) return { stage: "split" };
  return { stage: "cut-over" };
}
