// What the revision history endpoints answer, as the pages read it.
import type { ClusterDiff } from "@/lib/analysis/plan/diff-topologies";
import type { DocumentChange } from "@/lib/topology/document-changes";
import type { ClusterPlan } from "@/components/migrations/api-types";

export type { ClusterDiff, DocumentChange };

/** GET /api/revisions */
export type RevisionSummary = {
  number: number;
  message: string | null;
  createdAt: string;
  documentHash: string;
  products: string[];
  clusters: string[];
  parentNumber: number | null;
  rollbackOfNumber: number | null;
  author: { email: string; name: string | null } | null;
};

/** POST /api/revisions/{n}/rollback-preview */
export type RollbackPreview = {
  mode: "undo" | "restore";
  revision: number;
  newest: number;
  changes: DocumentChange[];
  reverted: string[];
  resolved: { path: string; resolution: "revert" | "keep" }[];
  conflicts: { path: string; revisions: number[]; before: unknown; current: unknown }[];
  undoes: {
    number: number;
    message: string;
    products: string[];
    clusters: string[];
    author: string | null;
    createdAt: string;
  }[];
  plan: ClusterPlan[];
};

/** GET /api/revisions/compare */
export type CompareResponse = {
  from: number | null;
  to: number;
  product: string | null;
  changes: DocumentChange[];
  clusters: ClusterDiff[];
};
