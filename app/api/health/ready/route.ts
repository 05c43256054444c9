import { route } from "@/lib/api/handler";
import { readinessResponse } from "@/lib/health/readiness-response";

// Readiness: the database answers and holds every migration of this build; load balancers send no
// traffic to a pod that answers 503 here. Permission: public
export const GET = route({ permission: "public" }, readinessResponse);

export const dynamic = "force-dynamic";
