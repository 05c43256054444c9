import { z } from "zod";
import { dnsLabelSchema, publicHostSchema } from "./names";

/** DNS-1123 label, as Kubernetes names and namespaces require. */
const dnsLabel = dnsLabelSchema();
const hostName = publicHostSchema;

/**
 * Namespaces Kubernetes and Istio keep for themselves; a product gateway there would run beside
 * the control plane (and the shared ingress) and outside any team's ownership.
 */
export function reservedNamespaceReason(namespace: string): string | null {
  if (namespace === "default") return "default is not a product's namespace; choose the product's own";
  if (namespace.startsWith("kube-")) return `${namespace} is reserved for Kubernetes`;
  if (namespace.startsWith("istio-"))
    return `${namespace} is reserved for Istio's control plane and gateways`;
  return null;
}

/**
 * A path prefix as clients call it, normalised: `/v1/payments` (no trailing slash, no empty or dot
 * segments, which proxies and Envoy resolve differently and which would let a route claim another
 * product's paths).
 */
const pathPrefix = z
  .string()
  .trim()
  .max(1024, "at most 1024 characters")
  .regex(/^\/[A-Za-z0-9._~\-/]*$/, "a path starting with '/', e.g. /v1/payments")
  .superRefine((path, ctx) => {
    const segments = path.split("/").slice(1);
    if (path !== "/" && segments.slice(0, -1).some((s) => s === "")) {
      ctx.addIssue({ code: "custom", message: "no empty segments ('//')" });
    }
    if (segments.some((s) => s === "." || s === "..")) {
      ctx.addIssue({ code: "custom", message: "no '.' or '..' segments" });
    }
  })
  .transform((path) => (path.length > 1 ? path.replace(/\/$/, "") : path));

export const requestRouteSchema = z.strictObject({
  /** Path prefix clients call, e.g. `/v1/payments`. */
  pathPrefix,
  /** Backend service in the requested namespace. */
  service: dnsLabel,
  /** Backend service port. */
  port: z
    .number({ error: "a port number between 1 and 65535 (a JSON number, not a string)" })
    .int("a whole number between 1 and 65535")
    .min(1, "a port between 1 and 65535")
    .max(65535, "a port between 1 and 65535"),
});

/**
 * What a team lead asks for: a gateway for one product. Shared by the browser form (validation as
 * you type) and the API, so both refuse the same input with the same messages.
 */
export const gatewayRequestPayloadSchema = z
  .strictObject({
    /** Product slug; must belong to `team`. */
    product: dnsLabel,
    /** Team that owns the product (its slug). */
    team: dnsLabel,
    /** Namespace of the gateway (the product's namespace, or a dedicated one); not a reserved one. */
    namespace: dnsLabel.refine((ns) => reservedNamespaceReason(ns) === null, {
      error: (issue) => reservedNamespaceReason(String(issue.input)) ?? "reserved namespace",
    }),
    /** Public hosts the gateway serves. */
    hosts: z.array(hostName).min(1, "add at least one host").max(20, "at most 20 hosts"),
    /** Clusters to run the gateway in. */
    clusters: z.array(dnsLabel).min(1, "choose at least one cluster").max(10),
    /** Secret with the TLS certificate, in the gateway namespace; plain HTTP when empty. */
    tlsSecret: z.union([dnsLabel, z.literal("")]).optional(),
    /** Routes from path prefixes to services. */
    routes: z.array(requestRouteSchema).min(1, "add at least one route").max(50, "at most 50 routes"),
    /** Why the gateway is needed; shown to reviewers. */
    reason: z.string().trim().max(2000).optional(),
  })
  .superRefine((v, ctx) => {
    const seenHosts = new Set<string>();
    v.hosts.forEach((h, i) => {
      if (seenHosts.has(h))
        ctx.addIssue({ code: "custom", path: ["hosts", i], message: `${h} is listed twice` });
      seenHosts.add(h);
    });
    const seenPaths = new Set<string>();
    v.routes.forEach((r, i) => {
      if (seenPaths.has(r.pathPrefix))
        ctx.addIssue({
          code: "custom",
          path: ["routes", i, "pathPrefix"],
          message: `${r.pathPrefix} is listed twice`,
        });
      seenPaths.add(r.pathPrefix);
    });
    if (new Set(v.clusters).size !== v.clusters.length)
      ctx.addIssue({ code: "custom", path: ["clusters"], message: "a cluster is listed twice" });
  });

export type GatewayRequestPayload = z.output<typeof gatewayRequestPayloadSchema>;
export type GatewayRequestInput = z.input<typeof gatewayRequestPayloadSchema>;

export const reviewDecisionSchema = z.enum(["approve", "reject", "request-changes", "comment"]);
export type ReviewDecisionName = z.infer<typeof reviewDecisionSchema>;

export const reviewSchema = z
  .strictObject({
    decision: reviewDecisionSchema,
    comment: z.string().trim().max(4000).optional(),
  })
  .refine((r) => r.decision === "approve" || (r.comment ?? "") !== "", {
    path: ["comment"],
    message: "say why: a comment is required unless you approve",
  });

export const requestStatusSchema = z.enum([
  "submitted",
  "changes-requested",
  "approved",
  "rejected",
  "applied",
  "failed",
  "withdrawn",
]);

export const listRequestsQuerySchema = z.object({
  status: requestStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const requestIdParam = z.string().min(1).max(64);

export const approvalRuleSchema = z.strictObject({
  name: z.string().trim().min(1, "give the rule a name").max(100),
  productionOnly: z.boolean().default(false),
  requiredApprovals: z.coerce.number().int().min(1, "at least one approval").max(5, "at most five approvals"),
  forbidSelfApproval: z.boolean().default(true),
});
export type ApprovalRuleInput = z.output<typeof approvalRuleSchema>;

export const approvalRulePatchSchema = approvalRuleSchema.partial();
