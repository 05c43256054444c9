// The first health endpoint, kept for load balancers and scripts that already use it: the same
// answer as /api/health/ready. Permission: public
export { GET } from "./ready/route";

export const dynamic = "force-dynamic";
