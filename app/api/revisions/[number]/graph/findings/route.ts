import { route } from "@/lib/api/handler";
import { revisionFindings } from "@/lib/revisions/revision-graph";
import type { WireFindings } from "@/lib/topology-graph";
import { revisionFindingsSchema } from "@/lib/validations/revision-graph";
import { parseRevisionNumber } from "@/lib/validations/revision";

// The analyzer's findings about a revision and the nodes of its picture each concerns. Team leads
// get the findings about their teams' products only. Permission: topology:read
export const GET = route(
  { permission: "topology:read", response: revisionFindingsSchema },
  async ({ user, params }): Promise<WireFindings> =>
    revisionFindings(user, parseRevisionNumber(params.number)),
);
