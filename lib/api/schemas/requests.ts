// What the requests API answers about a gateway request and its preview, as JSON (dates as ISO
// strings). Pure zod: the browser's types are inferred from it.
import { z } from "zod";
import { isoDate } from "./shared";
import { gatewayRequestPayloadSchema, requestStatusSchema } from "@/lib/validations/request";
import { findingSchema } from "./analysis";

/** GET /api/requests/{id}: one request with reviews, timeline, approvals and sync outcome. */
export const requestDetailSchema = z.object({
  id: z.string(),
  product: z.string(),
  team: z.string().nullable(),
  status: requestStatusSchema,
  payload: gatewayRequestPayloadSchema,
  requesterId: z.string(),
  requester: z.string().nullable(),
  revisionId: z.string().nullable(),
  revision: z.number().nullable(),
  submittedAt: isoDate,
  createdAt: isoDate,
  updatedAt: isoDate,
  reviews: z.array(
    z.object({
      id: z.string(),
      reviewer: z.string(),
      decision: z.string(),
      comment: z.string().nullable(),
      at: isoDate,
    }),
  ),
  timeline: z.array(
    z.object({ id: z.string(), at: isoDate, action: z.string(), actor: z.string().nullable() }),
  ),
  approvals: z.object({
    required: z.number(),
    received: z.number(),
    forbidSelfApproval: z.boolean(),
    rules: z.array(z.string()),
    productionClusters: z.array(z.string()),
  }),
  sync: z
    .object({
      /** `applied` once every cluster observed the revision (or a later one) without errors. */
      status: z.enum(["waiting", "applied", "failed"]),
      revision: z.number(),
      clusters: z.array(
        z.object({
          cluster: z.string(),
          state: z.enum(["waiting", "applied", "failed"]),
          registered: z.boolean(),
          observedRevision: z.number().nullable(),
          errors: z.array(z.object({ kind: z.string(), name: z.string(), message: z.string().nullable() })),
        }),
      ),
    })
    .nullable(),
});
export type RequestDetail = z.infer<typeof requestDetailSchema>;

export const blastRadiusSchema = z.object({
  /** Requested hosts the newest revision already serves, with their owner and gateways. */
  existingHosts: z.array(z.object({ host: z.string(), product: z.string(), gateways: z.array(z.string()) })),
  /** Internal clients that call one of the requested hosts. */
  clients: z.array(
    z.object({
      name: z.string(),
      namespace: z.string(),
      clusters: z.array(z.string()),
      hosts: z.array(z.string()),
    }),
  ),
  /** Other products whose routes are bound to a gateway serving one of the requested hosts. */
  sharedGateways: z.array(z.object({ gateway: z.string(), products: z.array(z.string()) })),
  /** Other products with workloads in the requested namespace. */
  sharedNamespaces: z.array(z.object({ namespace: z.string(), products: z.array(z.string()) })),
  /** Requested clusters marked production (drives the approval rules). */
  productionClusters: z.array(z.string()),
});
export type BlastRadius = z.infer<typeof blastRadiusSchema>;

/** GET /api/requests/{id}/preview and POST /api/requests/preview: the draft rendered, analyzed. */
export const requestPreviewSchema = z.discriminatedUnion("valid", [
  z.object({
    valid: z.literal(false),
    baseRevision: z.number().nullable(),
    issues: z.array(z.object({ path: z.string(), message: z.string(), hint: z.string() })),
    blastRadius: blastRadiusSchema,
  }),
  z.object({
    valid: z.literal(true),
    baseRevision: z.number().nullable(),
    /** The draft topology document (a team lead's: their teams' part of it). */
    document: z.unknown(),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        objects: z.array(
          z.object({
            kind: z.string(),
            namespace: z.string().nullable(),
            name: z.string(),
            yaml: z.string(),
          }),
        ),
      }),
    ),
    findings: z.array(findingSchema),
    /** Rule code → what the rule checks, for the rules among the findings. */
    rules: z.record(z.string(), z.string()),
    blastRadius: blastRadiusSchema,
  }),
]);
export type RequestPreview = z.infer<typeof requestPreviewSchema>;
