import { Table, TBody, Td, THead } from "@/components/ui/table";
import { jsonDiff } from "@/lib/audit/json-diff";

const MARK = { added: "+", removed: "−", changed: "~", same: "" } as const;
const ROW = { added: "bg-emerald-50", removed: "bg-red-50", changed: "bg-amber-50", same: "" } as const;

/** Before and after of one audit event, leaf by leaf; secrets arrive already redacted. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const rows = jsonDiff(before, after);
  if (rows.length === 0)
    return <p className="text-sm text-slate-600">This event records no before or after.</p>;
  return (
    <Table caption="Before and after" showCaption>
      <THead columns={["Field", "Before", "After"]} />
      <TBody>
        {rows.map((r) => (
          <tr key={r.path} className={ROW[r.change]}>
            <Td className="font-mono text-xs">
              <span aria-label={r.change === "same" ? undefined : r.change}>{MARK[r.change]}</span> {r.path}
            </Td>
            <Td className="max-w-md font-mono text-xs break-all">{r.before ?? "—"}</Td>
            <Td className="max-w-md font-mono text-xs break-all">{r.after ?? "—"}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
