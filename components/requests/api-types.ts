// Shapes of the requests API as the browser receives them (dates as strings).
import type { GatewayRequestPayload } from "@/lib/validations/request";

export type RequestDetail = {
  id: string;
  product: string;
  team: string | null;
  status: string;
  payload: GatewayRequestPayload;
  requesterId: string;
  requester: string | null;
  revision: number | null;
  submittedAt: string;
  createdAt: string;
  reviews: { id: string; reviewer: string; decision: string; comment: string | null; at: string }[];
  timeline: { id: string; at: string; action: string; actor: string | null }[];
  approvals: {
    required: number;
    received: number;
    forbidSelfApproval: boolean;
    rules: string[];
    productionClusters: string[];
  };
  sync: {
    status: "waiting" | "applied" | "failed";
    revision: number;
    clusters: {
      cluster: string;
      state: string;
      registered: boolean;
      observedRevision: number | null;
      errors: { kind: string; name: string; message: string | null }[];
    }[];
  } | null;
};

export type Finding = {
  code: string;
  name: string;
  severity: "error" | "warning" | "info";
  message: string;
  hint: string;
};

export type RequestPreview =
  | {
      valid: false;
      baseRevision: number | null;
      issues: { path: string; message: string; hint: string }[];
      blastRadius: BlastRadius;
    }
  | {
      valid: true;
      baseRevision: number | null;
      document: unknown;
      clusters: {
        cluster: string;
        objects: { kind: string; namespace: string | null; name: string; yaml: string }[];
      }[];
      findings: Finding[];
      blastRadius: BlastRadius;
    };

export type BlastRadius = {
  existingHosts: { host: string; product: string; gateways: string[] }[];
  clients: { name: string; namespace: string; clusters: string[]; hosts: string[] }[];
  sharedGateways: { gateway: string; products: string[] }[];
  sharedNamespaces: { namespace: string; products: string[] }[];
  productionClusters: string[];
};
