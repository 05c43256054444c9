import { route } from "@/lib/api/handler";
import { recordAudit } from "@/lib/audit/record-audit";
import { exportAuditStream } from "@/lib/audit/export-audit";
import { prisma } from "@/lib/db/client";
import { auditExportQuerySchema } from "@/lib/validations/audit";

// Streams the filtered audit log as CSV or JSON. The export itself is audited. Permission: audit:export
export const GET = route(
  { permission: "audit:export", query: auditExportQuerySchema },
  async ({ user, query, requestId }) => {
    const { format, ...filter } = query;
    await recordAudit(prisma, {
      actor: user,
      action: "audit.export",
      targetType: "audit-log",
      requestId,
      metadata: { format, filter },
    });
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
    return new Response(exportAuditStream(filter, format), {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="portico-audit-${stamp}.${format}"`,
        "cache-control": "no-store",
      },
    });
  },
);
