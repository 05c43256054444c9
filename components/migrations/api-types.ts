// Shapes of the import and migration API responses as the browser sees them (JSON).
import type { Finding } from "@/lib/analysis/finding";
import type { BrokenCall } from "@/lib/analysis/contract/check-contract";
import type { OwnerProposal } from "@/lib/import/propose-owner";
import type { MigrationStatus } from "@/lib/migration/describe-migration";
import type { ApprovalRequirement } from "@/lib/migration/require-approval";
import type { Topology } from "@/lib/topology/schema";

export type { Finding, BrokenCall, OwnerProposal, MigrationStatus, ApprovalRequirement, Topology };

export type ClusterSummary = {
  name: string;
  zone: string | null;
  region: string | null;
  production: boolean;
  status: string;
  observedRevision: number | null;
  inTopology: boolean;
};

export type MigrationsResponse = {
  revision: { number: number; message: string; createdAt: string } | null;
  products: MigrationStatus[];
  clusters: ClusterSummary[];
  approvalRules: { name: string; productionOnly: boolean; requiredApprovals: number }[];
};

export type ImportResponse = {
  cluster: string;
  baseRevision: number | null;
  proposal: Topology;
  owners: OwnerProposal[];
  findings: Finding[];
  imported: string[];
  notes: string[];
};

export type PlanItem = {
  action: "create" | "update" | "delete" | "unchanged";
  key: string;
  kind: string;
  namespace?: string;
  name: string;
  diff?: string;
  problem?: { kind: string; message: string };
};

export type ClusterPlan = {
  cluster: string;
  registered: boolean;
  error?: string;
  preview?: { items: PlanItem[]; summary: Record<string, number> };
};

export type PreviewResponse = {
  baseRevision: number;
  topology: Topology;
  changes: string[];
  notes: string[];
  contract: { ok: boolean; broken: BrokenCall[]; changed: BrokenCall[]; checked: number };
  findings: Finding[];
  blockers: string[];
  conflicts: string[];
  plan: ClusterPlan[];
  touched: string[];
  approval: ApprovalRequirement;
};

/** GET /api/migrations/{product}: the product's migration record. */
export type MigrationRecord = {
  product: string;
  startedAt: string | null;
  updatedAt: string | null;
  events: {
    id: string;
    step: string;
    stage: string | null;
    kind: string;
    revision: number | null;
    evidence: unknown;
    actorEmail: string | null;
    at: string;
    rolledBack?: boolean;
  }[];
};
