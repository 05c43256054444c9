import { route } from "@/lib/api/handler";
import { revisionGraph } from "@/lib/revisions/revision-graph";
import type { WireGraph } from "@/lib/topology-graph";
import { revisionGraphQuery, wireGraphSchema } from "@/lib/validations/revision-graph";
import { parseRevisionNumber } from "@/lib/validations/revision";

// The topology picture of a revision: its nodes, groups and edges, compact (wire-graph.ts); with
// `compare`, the union with that revision's and the change of every node and edge. Team leads get
// their teams' view only. Permission: topology:read
export const GET = route(
  { permission: "topology:read", query: revisionGraphQuery, response: wireGraphSchema },
  async ({ user, params, query }): Promise<WireGraph> =>
    revisionGraph(
      user,
      parseRevisionNumber(params.number),
      query.compare === undefined ? undefined : parseRevisionNumber(String(query.compare)),
    ),
);
