// What the import and migration endpoints answer, as JSON (dates as ISO strings): where products
// stand, an import's proposal, a step's preview, a product's DNS, drain, probes and record. Pure
// zod: the browser's types are inferred from it.
import { z } from "zod";
import type { HostDnsFact as DomainHostDnsFact } from "@/lib/cutover/cut-over-gate";
import type { OwnerProposal as DomainOwnerProposal } from "@/lib/import/propose-owner";
import type { MigrationStatus as DomainMigrationStatus } from "@/lib/migration/describe-migration";
import type { ApprovalRequirement as DomainApprovalRequirement } from "@/lib/migration/require-approval";
import type { DrainStatus as DomainDrainStatus } from "@/lib/traffic/drain-status";
import { DnsRecordSchema, TopologySchema } from "@/lib/topology/schema";
import { brokenCallSchema, findingSchema } from "./analysis";
import { isoDate, type Fits } from "./shared";
import { clusterPlanSchema } from "./plan";

export const migrationStatusSchema = z.object({
  product: z.string(),
  displayName: z.string(),
  teams: z.array(z.string()),
  namespaces: z.array(z.string()),
  hosts: z.array(z.string()),
  suggestedNamespace: z.string(),
  /** The product's own gateway, if inserted. */
  gateway: z.object({ ref: z.string(), clusters: z.array(z.string()) }).optional(),
  /** Shared gateways still serving one of its routes. */
  sharedGateways: z.array(z.string()),
  phase: z.enum(["shared", "serve-both", "cut-over"]),
  /** Services of the product with declared successors (`ns/name` → successors). */
  splits: z.array(z.object({ service: z.string(), successors: z.array(z.string()) })),
  services: z.array(
    z.object({ key: z.string(), name: z.string(), namespace: z.string(), clusters: z.array(z.string()) }),
  ),
  /** Clusters the product runs in (gateway placements and services). */
  clusters: z.array(z.string()),
  failover: z.boolean(),
  /** Journey steps done: 1 after cut-over, 2 after a split, 3 with more than one cluster. */
  done: z.object({ insert: z.boolean(), split: z.boolean(), copy: z.boolean() }),
});
export type MigrationStatus = z.infer<typeof migrationStatusSchema>;

export const clusterSummarySchema = z.object({
  name: z.string(),
  zone: z.string().nullable(),
  region: z.string().nullable(),
  production: z.boolean(),
  status: z.string(),
  observedRevision: z.number().nullable(),
  inTopology: z.boolean(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

/** GET /api/migrations */
export const migrationsResponseSchema = z.object({
  revision: z.object({ number: z.number(), message: z.string(), createdAt: isoDate }).nullable(),
  products: z.array(migrationStatusSchema),
  clusters: z.array(clusterSummarySchema),
  approvalRules: z.array(
    z.object({ name: z.string(), productionOnly: z.boolean(), requiredApprovals: z.number() }),
  ),
});
export type MigrationsResponse = z.infer<typeof migrationsResponseSchema>;

export const ownerProposalSchema = z.object({
  host: z.string(),
  product: z.string(),
  team: z.string(),
  /** The signals that decided, in words. */
  reason: z.string(),
});
export type OwnerProposal = z.infer<typeof ownerProposalSchema>;

/** POST /api/clusters/{name}/import */
export const importResponseSchema = z.object({
  cluster: z.string(),
  baseRevision: z.number().nullable(),
  proposal: TopologySchema,
  owners: z.array(ownerProposalSchema),
  findings: z.array(findingSchema),
  imported: z.array(z.string()),
  notes: z.array(z.string()),
});
export type ImportResponse = z.infer<typeof importResponseSchema>;

export const approvalRequirementSchema = z.object({
  required: z.boolean(),
  /** Approvers needed when required. */
  approvals: z.number(),
  /** Production clusters the change touches. */
  productionClusters: z.array(z.string()),
  /** The rule that decided it. */
  rule: z.string().optional(),
});
export type ApprovalRequirement = z.infer<typeof approvalRequirementSchema>;

export const hostDnsFactSchema = z.object({
  host: z.string(),
  /** Share Portico publishes to the product gateway; null when Portico does not publish it. */
  publishedPercent: z.number().nullable(),
  /** Share of the resolver's answers that point at the product gateway; null when not observed. */
  observedPercent: z.number().nullable(),
  observedAnswers: z.number().optional(),
  /** Why the host was not observed (no resolver, wildcard, no answer). */
  observedWhy: z.string().optional(),
});
export type HostDnsFact = z.infer<typeof hostDnsFactSchema>;

const gatewayFiguresSchema = z.object({
  /** `namespace/name` of each gateway counted. */
  gateways: z.array(z.string()),
  requests: z.number(),
  requestsPerSecond: z.number(),
  errors: z.number(),
  /** errors / requests; null without requests. */
  errorRate: z.number().nullable(),
  errorRateAboveThreshold: z.boolean(),
  /** Standalone PromQL of `requests`. */
  query: z.string(),
});

export const drainStatusSchema = z.object({
  product: z.string(),
  windowSeconds: z.number(),
  verdict: z.enum(["drained", "still-serving", "unknown"]),
  /** One sentence a person can act on. */
  reason: z.string(),
  sharedGateway: gatewayFiguresSchema
    .extend({
      sources: z.array(
        z.object({
          kind: z.enum(["internal", "external"]),
          namespace: z.string().optional(),
          workload: z.string().optional(),
          requestsPerSecond: z.number(),
          query: z.string(),
        }),
      ),
    })
    .nullable(),
  productGateway: gatewayFiguresSchema.nullable(),
  internalClients: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      calls: z.array(z.string()),
      viaProductGatewayPerSecond: z.number(),
      viaSharedGatewayPerSecond: z.number(),
      directPerSecond: z.number(),
      status: z.enum([
        "through-product-gateway",
        "through-shared-gateway",
        "direct-to-service",
        "mixed",
        "no-traffic",
      ]),
      query: z.string(),
    }),
  ),
  /** Mesh workloads calling the product's Services directly (not through any gateway). */
  directCallers: z.array(
    z.object({
      namespace: z.string(),
      workload: z.string(),
      destinationService: z.string(),
      requestsPerSecond: z.number(),
      query: z.string(),
    }),
  ),
  /** The batched PromQL that produced every figure. */
  queries: z.array(z.string()),
});
export type DrainStatus = z.infer<typeof drainStatusSchema>;

/** GET /api/products/{slug}/traffic */
export const trafficResponseSchema = drainStatusSchema.extend({ revision: z.number() });
export type TrafficResponse = z.infer<typeof trafficResponseSchema>;

/** A check of a cutover gate: probe, error rate, DNS or drain. */
export const gateCheckSchema = z.object({
  check: z.enum(["probe", "error-rate", "dns", "drain"]),
  pass: z.boolean(),
  detail: z.string(),
});
export type GateCheck = z.infer<typeof gateCheckSchema>;

/** POST /api/migrations/{product}/preview: one step computed, checked and planned. */
export const stepPreviewResponseSchema = z.object({
  baseRevision: z.number(),
  topology: TopologySchema,
  /** One line per change, shown above the plan. */
  changes: z.array(z.string()),
  /** Things the operator must know or do outside Portico. */
  notes: z.array(z.string()),
  contract: z.object({
    ok: z.boolean(),
    broken: z.array(brokenCallSchema),
    changed: z.array(brokenCallSchema),
    checked: z.number(),
  }),
  findings: z.array(findingSchema),
  blockers: z.array(z.string()),
  conflicts: z.array(z.string()),
  plan: z.array(clusterPlanSchema),
  touched: z.array(z.string()),
  approval: approvalRequirementSchema,
  /** Step 1's cut-over only: the gate on DNS and the drain, read when the preview was computed. */
  cutOver: z
    .object({
      checks: z.array(gateCheckSchema),
      dns: z.array(hostDnsFactSchema),
      drain: drainStatusSchema,
      movedCalls: z.number(),
      /** What would still block with the gate overridden (a written reason in `gateOverride`). */
      blockersWithOverride: z.array(z.string()),
    })
    .optional(),
});
export type StepPreviewResponse = z.infer<typeof stepPreviewResponseSchema>;

/** POST /api/migrations/{product}/steps (201): the step's revision and its migration event. */
export const stepAppliedSchema = z.object({
  number: z.number(),
  id: z.string(),
  event: z.string(),
  clusters: z.array(z.string()),
});
export type StepApplied = z.infer<typeof stepAppliedSchema>;

/** GET /api/products/{slug}/dns */
export const dnsViewSchema = z.object({
  revision: z.number(),
  product: z.string(),
  productGateway: z.string().nullable(),
  published: z.discriminatedUnion("managed", [
    z.object({
      managed: z.literal(true),
      object: z.object({ cluster: z.string(), namespace: z.string(), name: z.string(), kind: z.string() }),
      ttl: z.number(),
      stages: z.array(z.number()),
      hosts: z.array(
        z.object({
          host: z.string(),
          percentToProduct: z.number().nullable(),
          records: z.array(DnsRecordSchema),
        }),
      ),
    }),
    z.object({ managed: z.literal(false), why: z.string() }),
  ]),
  observed: z.discriminatedUnion("configured", [
    z.object({
      configured: z.literal(true),
      resolver: z.string(),
      hosts: z.array(
        z.object({
          host: z.string(),
          samples: z.number(),
          answers: z.array(
            z.object({
              answer: z.array(z.string()),
              count: z.number(),
              sets: z.array(z.object({ setIdentifier: z.string(), gateway: z.string().optional() })),
            }),
          ),
          failures: z.array(z.object({ why: z.string(), count: z.number() })),
          percentToProduct: z.number().nullable(),
        }),
      ),
    }),
    z.object({ configured: z.literal(false), why: z.string() }),
  ]),
  notes: z.array(z.string()),
});
export type DnsView = z.infer<typeof dnsViewSchema>;

/** POST /api/products/{slug}/probes: each call class sent to both gateways, compared. */
export const probeResponseSchema = z.looseObject({
  revision: z.number(),
  product: z.string(),
  ok: z.boolean(),
  summary: z.object({ calls: z.number(), same: z.number(), differs: z.number(), failed: z.number() }),
  /** The addresses probed per cluster (or why none could be). */
  targets: z.array(z.looseObject({ cluster: z.string() })),
  results: z.array(
    z.looseObject({
      cluster: z.string(),
      verdict: z.enum(["same", "differs", "failed"]),
      call: z.looseObject({ method: z.string(), host: z.string(), path: z.string() }),
      why: z.string().optional(),
    }),
  ),
  notes: z.array(z.string()),
  elapsedMs: z.number(),
});
export type ProbeResponse = z.infer<typeof probeResponseSchema>;

/** GET /api/migrations/{product}: the product's migration record. */
export const migrationRecordSchema = z.object({
  product: z.string(),
  startedAt: isoDate.nullable(),
  updatedAt: isoDate.nullable(),
  events: z.array(
    z.object({
      id: z.string(),
      step: z.string(),
      stage: z.string().nullable(),
      kind: z.string(),
      revision: z.number().nullable(),
      evidence: z.unknown(),
      actorEmail: z.string().nullable(),
      at: isoDate,
      /** Applied steps: whether a later rollback undid it. */
      rolledBack: z.boolean().optional(),
    }),
  ),
});
export type MigrationRecord = z.infer<typeof migrationRecordSchema>;

type _MigrationStatus = Fits<DomainMigrationStatus, typeof migrationStatusSchema>;
type _OwnerProposal = Fits<DomainOwnerProposal, typeof ownerProposalSchema>;
type _ApprovalRequirement = Fits<DomainApprovalRequirement, typeof approvalRequirementSchema>;
type _HostDnsFact = Fits<DomainHostDnsFact, typeof hostDnsFactSchema>;
type _DrainStatus = Fits<DomainDrainStatus, typeof drainStatusSchema>;
