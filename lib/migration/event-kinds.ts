// The kinds of migration events and the zod schema of each one's evidence. A MigrationEvent row
// stores evidence as generic JSON; it is validated against its kind's schema on write and on read.
//
// Adding a kind (e.g. a cutover stage with its probe table or DNS weights): add one entry below
// with its schema, and say in `recordedBy` who writes it: "server" kinds are written only by the
// code that makes the change (in its transaction); "client" kinds may be appended through
// POST /api/migrations/{product}/events. docs/migrations.md explains it with an example.
import { z } from "zod";
import { migrationStepSchema } from "@/lib/validations/migration";

const verifyCheck = z.strictObject({
  cluster: z.string(),
  label: z.string(),
  ok: z.boolean(),
  detail: z.string().optional(),
});

const gateCheck = z.strictObject({
  check: z.enum(["probe", "error-rate", "dns", "drain"]),
  pass: z.boolean(),
  detail: z.string(),
});

const cutOverGateEvidence = z.strictObject({
  verdict: z.enum(["passed", "overridden"]),
  checks: z.array(gateCheck),
  /** The override's written reason. */
  reason: z.string().optional(),
  dns: z.array(
    z.strictObject({
      host: z.string(),
      publishedPercent: z.number().nullable(),
      observedPercent: z.number().nullable(),
      observedAnswers: z.number().optional(),
      observedWhy: z.string().optional(),
    }),
  ),
  drain: z.strictObject({
    verdict: z.enum(["drained", "still-serving", "unknown"]),
    reason: z.string(),
    windowSeconds: z.number(),
    sharedRequestsPerSecond: z.number().nullable(),
    /** The PromQL behind the figures. */
    queries: z.array(z.string()),
  }),
  /** Call classes the contract check reports broken only for clients still sent to the shared gateway. */
  movedCalls: z.number().int().optional(),
});

const probeSummary = z.strictObject({
  calls: z.number(),
  same: z.number(),
  differs: z.number(),
  failed: z.number(),
});

const probeEvidence = z.union([
  z.strictObject({
    ran: z.literal(true),
    ok: z.boolean(),
    summary: probeSummary,
    notSame: z.array(
      z.strictObject({
        cluster: z.string(),
        method: z.string(),
        host: z.string(),
        path: z.string(),
        verdict: z.string(),
        why: z.string().optional(),
      }),
    ),
  }),
  z.strictObject({ ran: z.literal(false), why: z.string() }),
]);

const promQuery = z.strictObject({ prometheus: z.string(), query: z.string() });

export const MIGRATION_EVENT_KINDS = {
  /** A step recorded as a new revision. */
  "step.applied": {
    recordedBy: "server",
    evidence: z.strictObject({
      /** The step and options as the wizard sent them. */
      input: migrationStepSchema,
      /** The revision the step was computed on. */
      baseRevision: z.number().int(),
      /** What the step changes, in words. */
      changes: z.array(z.string()),
      /** To do outside Portico. */
      notes: z.array(z.string()),
      /** Registered clusters the revision is synced to. */
      clusters: z.array(z.string()),
      /** Step 1's cut-over: the gate on DNS and the drain, with what was observed. */
      gate: cutOverGateEvidence.optional(),
    }),
  },
  /** The change of a step undone by a new revision (three-way, scoped to what the step changed). */
  "step.rolled-back": {
    recordedBy: "server",
    evidence: z.strictObject({
      /** The revision whose change was undone. */
      undoneRevision: z.number().int(),
      /** Parts put back. */
      reverted: z.array(z.string()),
      /** Parts a later revision changed too, and how each was settled. */
      resolved: z.array(z.strictObject({ path: z.string(), resolution: z.enum(["revert", "keep"]) })),
      clusters: z.array(z.string()),
      reason: z.string().optional(),
    }),
  },
  /** A probe of both gateways (step 1): the summary and the call classes that did not answer the same. */
  "cutover.probed": {
    recordedBy: "server",
    evidence: probeEvidence,
  },
  /** A DNS stage (step 1): the weights published, and the gate's checks with what they observed. */
  "cutover.dns-stage": {
    recordedBy: "server",
    evidence: z.strictObject({
      from: z.number().nullable(),
      to: z.number(),
      direction: z.enum(["forward", "back"]),
      records: z.array(
        z.strictObject({
          setIdentifier: z.string(),
          gateway: z.string().optional(),
          targets: z.array(z.string()),
          weight: z.number(),
        }),
      ),
      gate: z.strictObject({
        verdict: z.enum(["passed", "overridden"]),
        checks: z.array(gateCheck),
        reason: z.string().optional(),
      }),
      probe: probeEvidence,
      errorRate: z.union([
        z.strictObject({
          observed: z.literal(true),
          errorRate: z.number().nullable(),
          requests: z.number(),
          errors: z.number(),
          windowSeconds: z.number(),
          threshold: z.number(),
          queries: z.array(promQuery),
        }),
        z.strictObject({
          observed: z.literal(false),
          why: z.string(),
          threshold: z.number(),
          queries: z.array(promQuery),
        }),
      ]),
    }),
  },
  /** What the clusters reported when someone verified a step. */
  "step.verified": {
    recordedBy: "client",
    evidence: z.strictObject({
      ok: z.boolean(),
      checks: z.array(verifyCheck).max(500),
    }),
  },
} as const satisfies Record<string, { recordedBy: "server" | "client"; evidence: z.ZodType }>;

export type MigrationEventKind = keyof typeof MIGRATION_EVENT_KINDS;
export type MigrationEvidence<K extends MigrationEventKind> = z.infer<
  (typeof MIGRATION_EVENT_KINDS)[K]["evidence"]
>;

export function isMigrationEventKind(kind: string): kind is MigrationEventKind {
  return Object.hasOwn(MIGRATION_EVENT_KINDS, kind);
}

/** Kinds a client may append (the others are written with the change they record). */
export const CLIENT_EVENT_KINDS = (Object.keys(MIGRATION_EVENT_KINDS) as MigrationEventKind[]).filter(
  (k) => MIGRATION_EVENT_KINDS[k].recordedBy === "client",
);

/** Validates evidence for its kind; the message says what is wrong, for a 422. */
export function parseEvidence(
  kind: string,
  evidence: unknown,
): { ok: true; evidence: unknown } | { ok: false; message: string } {
  if (!isMigrationEventKind(kind))
    return {
      ok: false,
      message: `Unknown migration event kind "${kind}"; use one of ${Object.keys(MIGRATION_EVENT_KINDS).join(", ")}.`,
    };
  const r = MIGRATION_EVENT_KINDS[kind].evidence.safeParse(evidence);
  if (r.success) return { ok: true, evidence: r.data };
  return {
    ok: false,
    message: `The evidence of a ${kind} event is invalid: ${r.error.issues
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ")}.`,
  };
}
