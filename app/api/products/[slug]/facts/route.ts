import { prisma } from "@/lib/db/client";
import { json, route } from "@/lib/api/handler";
import { readProductFacts } from "@/lib/cutover/read-product-facts";

// What must hold before traffic moves to the product's gateways, read live from each cluster where
// the product has a gateway or a route: TLS Secrets (metadata only), gateway Deployment and
// load-balancer address, Gateway API status, backends with ready endpoints; each ok or failed with
// why. Reads clusters, changes nothing. Permission: sync:read
export const GET = route({ permission: "sync:read" }, async ({ params }) =>
  json(await readProductFacts(prisma, params.slug ?? "")),
);
