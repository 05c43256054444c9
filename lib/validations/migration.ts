import { z } from "zod";
import { dnsLabelSchema } from "./names";

const dnsLabel = dnsLabelSchema();

const pathMatch = z.union([
  z.strictObject({ prefix: z.string().startsWith("/", "paths start with /") }),
  z.strictObject({ exact: z.string().startsWith("/", "paths start with /") }),
]);

/** One migration step with its options, as the wizard sends it. */
export const migrationStepSchema = z.discriminatedUnion("step", [
  z.strictObject({
    step: z.literal("insert"),
    phase: z.enum(["serve-both", "cut-over"]),
    namespace: dnsLabel.optional(),
    clusters: z.array(dnsLabel).optional(),
    size: z.enum(["small", "medium", "large"]).optional(),
    replicas: z.number().int().min(1).max(50).optional(),
    tlsSecret: z.string().trim().min(1).max(253).optional(),
    moveInternalClients: z.boolean().default(true),
  }),
  z.strictObject({
    step: z.literal("split"),
    service: z.strictObject({ name: dnsLabel, namespace: dnsLabel }),
    successors: z
      .array(
        z.strictObject({
          name: dnsLabel,
          paths: z.array(pathMatch).min(1, "give each successor at least one path"),
        }),
      )
      .min(1, "name at least one successor"),
    retire: z.boolean().optional(),
  }),
  z.strictObject({
    step: z.literal("copy"),
    targetCluster: dnsLabel,
    failover: z.boolean().default(true),
    clients: z.array(dnsLabel).optional(),
  }),
]);
export type MigrationStepInput = z.infer<typeof migrationStepSchema>;

/** Owners the user picked in the import form. */
export const importRequestSchema = z.strictObject({
  owners: z
    .array(
      z.strictObject({
        host: z.string().min(1).max(253),
        product: dnsLabel,
        team: z.string().trim().min(1).max(100),
      }),
    )
    .max(1000)
    .optional(),
});
