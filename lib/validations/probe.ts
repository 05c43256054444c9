import { z } from "zod";
import { dnsLabelSchema, NAMESPACED_NAME } from "./names";

const dnsLabel = dnsLabelSchema();

/** `namespace/name` of a Service. */
export const serviceRefSchema = z
  .string()
  .trim()
  .regex(NAMESPACED_NAME, "give the Service as namespace/name")
  .transform((s) => {
    const [namespace, name] = s.split("/") as [string, string];
    return { namespace, name };
  });

/** Largest access log accepted: a few thousand lines of either default format fit many times over. */
export const MAX_ACCESS_LOG_BYTES = 4 * 1024 * 1024;

/** Options of one probe of a product's shared and product gateways. */
export const probeRequestSchema = z.strictObject({
  /** Registered clusters to probe; every cluster where both gateways run when omitted. */
  clusters: z.array(dnsLabel).min(1).max(64).optional(),
  /** Access log text (Envoy/Istio or ingress-nginx default format) whose calls are probed too. */
  accessLog: z.string().max(MAX_ACCESS_LOG_BYTES).optional(),
  /** PEM bundle of the CA that signed the gateways' certificates; without it they are reported unverified. */
  ca: z
    .string()
    .max(256 * 1024)
    .regex(/-----BEGIN CERTIFICATE-----/, "give the CA as PEM text")
    .optional(),
  sharedService: serviceRefSchema.optional(),
  productService: serviceRefSchema.optional(),
  budget: z
    .strictObject({
      totalMs: z.number().int().min(1_000).max(600_000).optional(),
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
      concurrency: z.number().int().min(2).max(128).optional(),
      ratePerSecond: z.number().int().min(1).max(5_000).optional(),
      maxCallClasses: z.number().int().min(1).max(5_000).optional(),
    })
    .optional(),
});

export type ProbeRequest = z.infer<typeof probeRequestSchema>;

/** The probe's limits a request's budget sets; what it leaves out keeps the probe's default. */
export function probeLimits(budget: ProbeRequest["budget"]) {
  return {
    budgetMs: budget?.totalMs,
    timeoutMs: budget?.timeoutMs,
    concurrency: budget?.concurrency,
    ratePerSecond: budget?.ratePerSecond,
    maxCallClasses: budget?.maxCallClasses,
  };
}
