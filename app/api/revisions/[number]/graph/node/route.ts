import type { z } from "zod";
import { route } from "@/lib/api/handler";
import { revisionNodeObjects } from "@/lib/revisions/revision-graph";
import { nodeObjectsQuery, nodeObjectsSchema } from "@/lib/validations/revision-graph";
import { parseRevisionNumber } from "@/lib/validations/revision";

// The Kubernetes objects Portico renders for one node of a revision's picture (`id`), as YAML per
// cluster, in the Istio or Gateway API `format`. Permission: topology:read
export const GET = route(
  { permission: "topology:read", query: nodeObjectsQuery, response: nodeObjectsSchema },
  async ({ user, params, query }): Promise<z.infer<typeof nodeObjectsSchema>> => ({
    node: query.id,
    format: query.format,
    clusters: await revisionNodeObjects(user, parseRevisionNumber(params.number), query.id, query.format),
  }),
);
