// The analyzer's answers as the API sends them: findings, broken calls of the contract check, and
// what a change does to the rendered objects. Pure zod: the browser's types are inferred from it.
import { z } from "zod";
import type { Finding as DomainFinding } from "@/lib/analysis/finding";
import type { BrokenCall as DomainBrokenCall } from "@/lib/analysis/contract/check-contract";
import type { ClusterDiff as DomainClusterDiff } from "@/lib/analysis/plan/diff-topologies";
import type { DocumentChange as DomainDocumentChange } from "@/lib/topology/document-changes";
import type { Fits } from "./shared";

export const severitySchema = z.enum(["error", "warning", "info"]);

export const objectRefSchema = z.object({
  /** Absent when the finding is about the model itself in every cluster. */
  cluster: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  product: z.string().optional(),
});

export const findingSchema = z.object({
  /** Stable code, e.g. `PTC001`. */
  code: z.string(),
  /** Stable name, e.g. `ConflictingGateways`. */
  name: z.string(),
  severity: severitySchema,
  message: z.string(),
  objects: z.array(objectRefSchema),
  /** How to fix it. */
  hint: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const brokenCallSchema = z.object({
  cluster: z.string(),
  host: z.string(),
  method: z.string(),
  path: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
  /** `mesh` or the gateway (`ns/name`) the call arrives at. */
  entry: z.string(),
  port: z.number().optional(),
  clients: z.array(z.string()).optional(),
  /** Services (`ns/name`) that answered before. */
  before: z.array(z.string()),
  /** Services that answer after; empty when nothing does. */
  after: z.array(z.string()),
  reason: z.string(),
  region: z.array(
    z.object({
      dim: z.string(),
      match: z.object({
        exact: z.string().optional(),
        prefix: z.string().optional(),
        regex: z.string().optional(),
      }),
      not: z.boolean(),
    }),
  ),
});
export type BrokenCall = z.infer<typeof brokenCallSchema>;

export const planActionSchema = z.enum(["create", "update", "delete", "unchanged"]);

export const clusterDiffSchema = z.object({
  cluster: z.string(),
  objects: z.array(
    z.object({
      action: z.enum(["create", "update", "delete"]),
      /** `apiVersion/kind/namespace/name`. */
      key: z.string(),
      kind: z.string(),
      namespace: z.string().optional(),
      name: z.string(),
      product: z.string().optional(),
      /** Unified YAML diff from the first document's object to the second's. */
      diff: z.string(),
    }),
  ),
});
export type ClusterDiff = z.infer<typeof clusterDiffSchema>;

export const documentChangeSchema = z.object({
  path: z.string(),
  action: z.enum(["added", "removed", "changed"]),
  products: z.array(z.string()),
  clusters: z.array(z.string()),
});
export type DocumentChange = z.infer<typeof documentChangeSchema>;

type _Finding = Fits<DomainFinding, typeof findingSchema>;
type _BrokenCall = Fits<DomainBrokenCall, typeof brokenCallSchema>;
type _ClusterDiff = Fits<DomainClusterDiff, typeof clusterDiffSchema>;
type _DocumentChange = Fits<DomainDocumentChange, typeof documentChangeSchema>;
