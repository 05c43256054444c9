import { route } from "@/lib/api/handler";
import { listAudit } from "@/lib/audit/query-audit";
import { auditListQuerySchema } from "@/lib/validations/audit";

// The audit log, filtered by actor, product, cluster, action and time, newest first; page with
// `before=<nextBefore>`. Permission: audit:read
export const GET = route({ permission: "audit:read", query: auditListQuerySchema }, async ({ query }) =>
  listAudit(query),
);
