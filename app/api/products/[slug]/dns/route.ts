import { json, route } from "@/lib/api/handler";
import { describeDns } from "@/lib/cutover/describe-dns";
import { newestTopologyOrFail } from "@/lib/cutover/run-dns-stage";
import { currentSetting } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import { dnsObserveQuerySchema } from "@/lib/validations/dns-stage";

// A product's DNS: the weights Portico publishes for its hosts (newest revision) and what the
// resolver in PORTICO_DNS_RESOLVER answers now, sampled `samples` times. Changes nothing.
// Permission: migration:read
export const GET = route(
  { permission: "migration:read", query: dnsObserveQuerySchema },
  async ({ params, query }) => {
    const { number, topology } = await newestTopologyOrFail();
    const product = params.slug ?? "";
    if (!topology.products.some((p) => p.name === product))
      throw AppError.notFound(`Product "${product}" in revision ${number}`);
    const dns = await describeDns({
      topology,
      product,
      samples: query.samples,
      resolver: currentSetting("PORTICO_DNS_RESOLVER"),
    });
    return json({ revision: number, ...dns });
  },
);
