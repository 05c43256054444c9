// The actions the audit log holds, for the page's action filter.
import { prisma } from "@/lib/db/client";

export async function listAuditActions(): Promise<string[]> {
  // Note: distinct over an indexed column; the list of actions is short (tens of values).
  const rows = await prisma.auditEvent.findMany({
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}
