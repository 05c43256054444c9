import { route } from "@/lib/api/handler";
import { readinessResponse } from "@/lib/health/readiness-response";

// The first health endpoint, kept for load balancers and scripts that already use it: the same
// answer as /api/health/ready. Permission: public
export const GET = route({ permission: "public" }, readinessResponse);

export const dynamic = "force-dynamic";
