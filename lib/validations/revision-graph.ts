// Query strings and answers of the topology page's endpoints under /api/revisions/{number}/graph.
// The answers' schemas describe them in OpenAPI; lib/topology-graph/wire-graph.ts writes them.
import { z } from "zod";

export const revisionGraphQuery = z.object({
  /** An earlier (or any other) revision to compare with. */
  compare: z.coerce
    .number({ message: "compare must be a revision number, e.g. 3" })
    .int({ message: "compare must be a revision number, e.g. 3" })
    .min(1, { message: "compare must be a revision number, e.g. 3" })
    .optional(),
});

const changeCounts = z.object({
  added: z.number(),
  removed: z.number(),
  changed: z.number(),
  unchanged: z.number(),
});

export const wireGraphSchema = z.object({
  strings: z.array(z.string()).describe("labels, clusters, namespaces, products and teams, once each"),
  sets: z.array(z.array(z.number().int())).describe("lists of strings (products, teams) by index"),
  groups: z
    .array(z.number().int())
    .describe(
      "4 per group: kind (hosts, cluster, namespace), label, cluster, namespace; each the difference to the group before",
    ),
  nodes: z
    .array(z.number().int())
    .describe(
      "5 per node: kind (host, client, shared gateway, product gateway, service), label, group, products, teams; each the difference to the node before",
    ),
  edges: z
    .array(z.number().int())
    .describe(
      "3 per edge: source node, target node, kind (serves, routes, calls); each the difference to the edge before",
    ),
  changes: z
    .object({
      nodes: z.array(z.number().int()).describe("per node: unchanged, added, removed, changed"),
      edges: z.array(z.number().int()).describe("per edge: unchanged, added, removed, changed"),
      counts: changeCounts,
    })
    .optional(),
});

const findingSchema = z.object({
  code: z.string(),
  name: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  hint: z.string(),
  objects: z.array(
    z.object({
      cluster: z.string().optional(),
      kind: z.string(),
      namespace: z.string().optional(),
      name: z.string(),
      product: z.string().optional(),
    }),
  ),
});

export const revisionFindingsSchema = z.object({
  findings: z.array(findingSchema),
  nodes: z.record(z.string(), z.array(z.number().int())).describe("node id → indices into findings"),
});

export const nodeObjectsQuery = z.object({
  id: z
    .string({ message: "id must name a node, e.g. gateway:east/payments/payments-gateway" })
    .min(1, { message: "id must name a node, e.g. gateway:east/payments/payments-gateway" })
    .max(1000),
  format: z
    .enum(["istio", "gateway-api"], { message: 'format is "istio" or "gateway-api"' })
    .default("istio"),
});

export const nodeObjectsSchema = z.object({
  node: z.string(),
  format: z.enum(["istio", "gateway-api"]),
  clusters: z.array(z.object({ cluster: z.string(), count: z.number().int(), yaml: z.string() })),
});
