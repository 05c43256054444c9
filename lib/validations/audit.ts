import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : undefined));
const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({
        code: "custom",
        message: "use an ISO date or date-time, e.g. 2026-11-26 or 2026-11-26T08:00:00Z",
      });
      return z.NEVER;
    }
    return d;
  });

/** Filters of the audit log, shared by the list, the export and the page's query string. */
export const auditFilterSchema = z.object({
  /** Actor e-mail (exact, case-insensitive). */
  actor: optionalText,
  product: optionalText,
  cluster: optionalText,
  /** Action, or a prefix ending in `.` (e.g. `request.`). */
  action: optionalText,
  from: optionalDate,
  to: optionalDate,
});
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditListQuerySchema = auditFilterSchema.extend({
  /** Keyset cursor: events with a smaller id than this. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditExportQuerySchema = auditFilterSchema.extend({
  format: z.enum(["csv", "json"], { message: "format must be csv or json" }).default("csv"),
});

export const auditEventIdParam = z.coerce.number({ message: "event id must be a number" }).int().min(1);
