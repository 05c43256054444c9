import { route } from "@/lib/api/handler";
import { getAuditEvent } from "@/lib/audit/query-audit";
import { fromZodError } from "@/lib/errors/app-error";
import { auditEventIdParam } from "@/lib/validations/audit";

// One audit event with its redacted before/after. Permission: audit:read
export const GET = route({ permission: "audit:read" }, async ({ params }) => {
  const id = auditEventIdParam.safeParse(params.id);
  if (!id.success) throw fromZodError(id.error, "path");
  return getAuditEvent(id.data);
});
