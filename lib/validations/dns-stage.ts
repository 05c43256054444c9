import { z } from "zod";
import { dnsLabelSchema } from "./names";
import { probeRequestSchema } from "./probe";

const dnsLabel = dnsLabelSchema();

const PERCENT_HINT = 'percent must be a whole number from 0 to 100 (a stage, e.g. 10) or "return".';

/** One DNS stage of a product: a percentage to its own gateway, or back to the shared gateway. */
export const dnsStageRequestSchema = z.strictObject({
  /** Percentage of clients sent to the product gateway (one of products[].dns.stages), or "return" (0 %). */
  percent: z.union(
    [
      z
        .number()
        .int({ error: PERCENT_HINT })
        .min(0, { error: PERCENT_HINT })
        .max(100, { error: PERCENT_HINT }),
      z.literal("return"),
    ],
    { error: PERCENT_HINT },
  ),
  /** Move forward despite a failed gate; needs cutover:override-gate and a written reason. */
  override: z.strictObject({ reason: z.string().trim().min(1).max(2_000) }).optional(),
  /** PEM bundle of the CA the gateways' certificates chain to, for the probe. */
  ca: probeRequestSchema.shape.ca,
  /** Where the DNSEndpoint lives the first time the product is published (defaults: the product gateway's first cluster and namespace). */
  placement: z
    .strictObject({
      cluster: dnsLabel.optional(),
      namespace: dnsLabel.optional(),
      ttl: z.number().int().min(1).max(86_400).optional(),
    })
    .optional(),
  /** The error-rate check: threshold as a fraction (default 0.01) and window in seconds (default 300). */
  errorRate: z
    .strictObject({
      threshold: z.number().gt(0).max(1).optional(),
      windowSeconds: z.number().int().min(30).max(86_400).optional(),
    })
    .optional(),
  /** Probe limits, as for POST /api/products/{slug}/probes. */
  budget: probeRequestSchema.shape.budget,
});

export type DnsStageRequest = z.infer<typeof dnsStageRequestSchema>;

/** How many times each host is resolved to show a weighted answer's spread. */
export const dnsObserveQuerySchema = z.object({
  samples: z.coerce
    .number({ error: "samples must be a whole number from 1 to 200." })
    .int("samples must be a whole number from 1 to 200.")
    .min(1, "samples must be a whole number from 1 to 200.")
    .max(200, "samples must be a whole number from 1 to 200.")
    .default(20),
});
