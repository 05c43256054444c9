// Shapes of the import and migration API responses as the browser sees them (JSON).
import type { HostDnsFact } from "@/lib/cutover/cut-over-gate";
import type { DrainStatus } from "@/lib/traffic/drain-status";
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
  /** Step 1's cut-over only: the gate on DNS and the drain, read when the preview was computed. */
  cutOver?: {
    checks: GateCheckView[];
    dns: HostDnsFact[];
    drain: DrainStatus;
    movedCalls: number;
    blockersWithOverride: string[];
  };
};

export type { DrainStatus, HostDnsFact };

/** A check of a cutover gate: probe, error rate, DNS or drain. */
export type GateCheckView = { check: string; pass: boolean; detail: string };

/** GET /api/products/{slug}/dns */
export type DnsView = {
  revision: number;
  productGateway: string | null;
  published:
    | {
        managed: true;
        stages: number[];
        hosts: {
          host: string;
          percentToProduct: number | null;
          records: { setIdentifier: string; gateway?: string; targets: string[]; weight: number }[];
        }[];
      }
    | { managed: false; why: string };
  observed:
    | {
        configured: true;
        resolver: string;
        hosts: {
          host: string;
          samples: number;
          answers: { answer: string[]; count: number }[];
          percentToProduct: number | null;
        }[];
      }
    | { configured: false; why: string };
  notes: string[];
};

/** POST /api/products/{slug}/probes (the parts the wizard shows). */
export type ProbeView = {
  ok: boolean;
  summary: { calls: number; same: number; differs: number; failed: number };
  results: {
    cluster: string;
    verdict: "same" | "differs" | "failed";
    call: { method: string; host: string; path: string };
    why?: string;
  }[];
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
