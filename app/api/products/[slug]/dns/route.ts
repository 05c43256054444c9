import { json, route } from "@/lib/api/handler";
import { dnsViewSchema } from "@/lib/api/schemas/migrations";
import { describeDns } from "@/lib/cutover/describe-dns";
import { currentSetting } from "@/lib/env";
import { prisma } from "@/lib/db/client";
import { assertProductInRevision, requireNewestTopology } from "@/lib/revisions/newest-topology";
import { dnsObserveQuerySchema } from "@/lib/validations/dns-stage";

// A product's DNS: the weights Portico publishes for its hosts (newest revision) and what the
// resolver in PORTICO_DNS_RESOLVER answers now, sampled `samples` times. Changes nothing.
// Permission: migration:read
export const GET = route(
  { permission: "migration:read", query: dnsObserveQuerySchema, response: dnsViewSchema },
  async ({ params, query }) => {
    const newest = await requireNewestTopology(prisma);
    const product = params.slug ?? "";
    assertProductInRevision(newest, product);
    const { number, topology } = newest;
    const dns = await describeDns({
      topology,
      product,
      samples: query.samples,
      resolver: currentSetting("PORTICO_DNS_RESOLVER"),
    });
    return json({ revision: number, ...dns });
  },
);
