import { json, route } from "@/lib/api/handler";
import { runDnsStage } from "@/lib/cutover/run-dns-stage";
import { dnsStageRequestSchema } from "@/lib/validations/dns-stage";

// Moves a product's DNS one stage: the next revision publishes its hosts with weighted sets for the
// shared and the product gateway's load balancers (addresses read now). A step forward is gated by a
// fresh probe (all call classes the same) and the product gateway's error rate; a held stage answers
// 409 with the evidence (and, when the product gateway errs while taking clients, an offer to
// return) and writes nothing. Permission: topology:write (overriding a held stage:
// cutover:override-gate, checked inside)
export const POST = route(
  { permission: "topology:write", body: dnsStageRequestSchema },
  async ({ user, body, params, requestId }) => {
    const result = await runDnsStage({ product: params.slug ?? "", request: body, actor: user, requestId });
    return json(result, { status: 201 });
  },
);
