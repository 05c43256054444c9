// Streams the filtered audit log as CSV or JSON, reading it in keyset batches so memory stays flat
// however large the set is.
import { prisma } from "@/lib/db/client";
import type { AuditFilter } from "@/lib/validations/audit";
import { auditView, auditWhere, type AuditView } from "./query-audit";

const BATCH = 1000;
export const CSV_COLUMNS = [
  "id",
  "at",
  "actorEmail",
  "actorRole",
  "action",
  "targetType",
  "targetId",
  "productSlug",
  "clusterName",
  "requestId",
  "before",
  "after",
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula. */
export function csvCell(value: unknown): string {
  let s =
    value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(e: AuditView): string {
  return CSV_COLUMNS.map((c) => csvCell(e[c])).join(",") + "\r\n";
}

async function* batches(filter: AuditFilter): AsyncGenerator<AuditView[]> {
  let before: bigint | undefined;
  for (;;) {
    const where = auditWhere(filter);
    if (before !== undefined) where.id = { lt: before };
    const rows = await prisma.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: BATCH });
    if (rows.length === 0) return;
    yield rows.map(auditView);
    if (rows.length < BATCH) return;
    before = rows[rows.length - 1]!.id;
  }
}

export function exportAuditStream(filter: AuditFilter, format: "csv" | "json"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const source = batches(filter);
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(format === "csv" ? CSV_COLUMNS.join(",") + "\r\n" : "["));
          return;
        }
        const next = await source.next();
        if (next.done) {
          if (format === "json") controller.enqueue(encoder.encode("]\n"));
          controller.close();
          return;
        }
        const chunk =
          format === "csv"
            ? next.value.map(csvRow).join("")
            : next.value
                .map((e) => {
                  const s = (first ? "\n" : ",\n") + JSON.stringify(e);
                  first = false;
                  return s;
                })
                .join("");
        controller.enqueue(encoder.encode(chunk));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
