import { Alert } from "@/components/ui/alert";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import type { StepPreviewResponse as PreviewResponse } from "@/lib/api/schemas/migrations";

/** The API-contract verdict: every call class still answered by the same service or a successor. */
export function ContractResult({ contract }: { contract: PreviewResponse["contract"] }) {
  if (contract.ok) {
    return (
      <Alert tone="info" title="API contract holds">
        {contract.checked} call class(es) checked: every call routed before is still routed to the same
        service or a declared successor.
        {contract.changed.length
          ? ` ${contract.changed.length} call class(es) move to a declared successor.`
          : ""}
      </Alert>
    );
  }
  return (
    <div className="space-y-2">
      <Alert tone="error" title={`API contract broken: ${contract.broken.length} call class(es)`}>
        These calls would answer differently after the step. Change the step so each is still served, or
        declare the new service as a successor.
      </Alert>
      <Table caption="Calls that break">
        <THead columns={["Cluster", "Call", "Entry", "Before → after", "Why"]} />
        <TBody>
          {contract.broken.map((b, i) => (
            <tr key={i}>
              <Td>{b.cluster}</Td>
              <Td wrap="code" className="font-mono text-xs">
                {b.method} {b.host}
                {b.path}
              </Td>
              <Td className="text-xs">{b.entry}</Td>
              <Td className="text-xs">
                {b.before.join(", ")} → {b.after.join(", ") || "nothing"}
              </Td>
              <Td wrap="text" className="text-xs">
                {b.reason}
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}
