"use client";

// Approval rules: everyone with settings:read sees them, admins change them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";

type Rule = {
  id: string;
  name: string;
  productionOnly: boolean;
  requiredApprovals: number;
  forbidSelfApproval: boolean;
};

export function ApprovalRulesEditor({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const rules = useQuery({
    queryKey: queryKeys.approvalRules.list(),
    queryFn: () => apiFetch<{ rules: Rule[] }>("/api/settings/approval-rules"),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: queryKeys.approvalRules.all });
  const create = useMutation({
    mutationFn: (input: Omit<Rule, "id">) => apiFetch("/api/settings/approval-rules", { json: input }),
    onSuccess: invalidate,
  });
  const update = useMutation({
    mutationFn: ({ id, ...patch }: Partial<Rule> & { id: string }) =>
      apiFetch(`/api/settings/approval-rules/${encodeURIComponent(id)}`, { method: "PATCH", json: patch }),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      apiFetch(`/api/settings/approval-rules/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      name: String(f.get("name") ?? ""),
      requiredApprovals: Number(f.get("requiredApprovals") ?? 1),
      productionOnly: f.get("productionOnly") === "on",
      forbidSelfApproval: f.get("forbidSelfApproval") === "on",
    });
    e.currentTarget.reset();
  }

  const error = create.error ?? update.error ?? remove.error;
  return (
    <div className="space-y-5">
      {rules.error ? <Alert tone="error">{rules.error.message}</Alert> : null}
      {rules.data && rules.data.rules.length === 0 ? (
        <EmptyState title="No approval rules">
          <p>Without rules every request needs one approval from someone other than its requester.</p>
        </EmptyState>
      ) : null}
      {rules.data && rules.data.rules.length > 0 ? (
        <Table caption="Approval rules">
          <THead
            columns={[
              "Name",
              "Applies to",
              "Approvals needed",
              "Requester may approve",
              canWrite ? "Actions" : null,
            ]}
          />
          <TBody>
            {rules.data.rules.map((r) => (
              <tr key={r.id}>
                <Td className="font-medium">{r.name}</Td>
                <Td>{r.productionOnly ? "production clusters" : "every request"}</Td>
                <Td>
                  {canWrite ? (
                    <select
                      aria-label={`Approvals needed for ${r.name}`}
                      value={r.requiredApprovals}
                      onChange={(e) => update.mutate({ id: r.id, requiredApprovals: Number(e.target.value) })}
                      className="rounded border border-slate-300 px-1 py-0.5"
                    >
                      {[1, 2, 3, 4, 5].map((n) => (
                        <option key={n}>{n}</option>
                      ))}
                    </select>
                  ) : (
                    r.requiredApprovals
                  )}
                </Td>
                <Td>
                  {canWrite ? (
                    <input
                      type="checkbox"
                      aria-label={`Requester may approve (${r.name})`}
                      checked={!r.forbidSelfApproval}
                      onChange={(e) => update.mutate({ id: r.id, forbidSelfApproval: !e.target.checked })}
                    />
                  ) : r.forbidSelfApproval ? (
                    "no"
                  ) : (
                    "yes"
                  )}
                </Td>
                {canWrite ? (
                  <Td>
                    <Button variant="ghost" onClick={() => remove.mutate(r.id)}>
                      Delete<span className="sr-only"> {r.name}</span>
                    </Button>
                  </Td>
                ) : null}
              </tr>
            ))}
          </TBody>
        </Table>
      ) : null}
      {error ? (
        <Alert tone="error" title="The change was not saved">
          {error.message}
        </Alert>
      ) : null}
      {canWrite ? (
        <Card>
          <CardHeader title="Add a rule" />
          <CardBody>
            <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
              <Field id="rule-name" label="Name">
                <Input name="name" required placeholder="production needs two" />
              </Field>
              <Field id="rule-approvals" label="Approvals needed">
                <Input name="requiredApprovals" type="number" min={1} max={5} defaultValue={2} />
              </Field>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="productionOnly" defaultChecked /> Only for production clusters
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="forbidSelfApproval" defaultChecked /> The requester cannot
                approve
              </label>
              <Button type="submit" disabled={create.isPending}>
                Add rule
              </Button>
            </form>
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}
