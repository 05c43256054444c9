"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Options, Select } from "@/components/ui/select";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
};

export function TokenManager({ roles }: { roles: string[] }) {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: queryKeys.tokens.list(),
    queryFn: () => apiFetch<{ tokens: TokenRow[] }>("/api/tokens"),
  });
  const create = useMutation({
    mutationFn: (input: { name: string; role: string }) =>
      apiFetch<{ token: string }>("/api/tokens", { json: input }),
    onSuccess: (res) => {
      setCreated(res.token);
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    create.mutate({ name: String(form.get("name") ?? ""), role: String(form.get("role") ?? "") });
  }

  return (
    <div className="space-y-5">
      <Card>
        <CardHeader
          title="Create a token"
          description="The token is shown once. Store it in your secret manager."
        />
        <CardBody>
          <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
            <Field id="token-name" label="Name" className="w-64">
              <Input name="name" placeholder="ci-pipeline" required maxLength={100} />
            </Field>
            <Field id="token-role" label="Role">
              <Select name="role">
                <Options options={roles} />
              </Select>
            </Field>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create token"}
            </Button>
          </form>
          <div className="mt-3 space-y-2">
            {create.error ? <Alert tone="error">{create.error.message}</Alert> : null}
            {created ? (
              <Alert tone="info" title="Copy this token now; it will not be shown again.">
                <code className="break-all" data-testid="new-token">
                  {created}
                </code>
              </Alert>
            ) : null}
          </div>
        </CardBody>
      </Card>

      {tokens.error ? <Alert tone="error">{tokens.error.message}</Alert> : null}
      {tokens.data && tokens.data.tokens.length === 0 ? (
        <EmptyState title="No API tokens">
          <p>Create one above to let a CI pipeline or the Portico CLI call the API on your behalf.</p>
        </EmptyState>
      ) : null}
      {tokens.data && tokens.data.tokens.length > 0 ? (
        <Table caption="Your API tokens">
          <THead columns={["Name", "Token", "Role", "Created", "Last used", { hidden: "Actions" }]} />
          <TBody>
            {tokens.data.tokens.map((t) => (
              <tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td>{t.role}</Td>
                <Td>{t.createdAt.slice(0, 10)}</Td>
                <Td>{t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace("T", " ") : "never"}</Td>
                <Td className="text-right">
                  <Button
                    variant="secondary"
                    onClick={() => revoke.mutate(t.id)}
                    disabled={revoke.isPending}
                    aria-label={`Revoke token ${t.name}`}
                  >
                    Revoke
                  </Button>
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      ) : null}
    </div>
  );
}
