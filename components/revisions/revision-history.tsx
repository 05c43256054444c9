"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Table, TBody, Td, THead } from "@/components/ui/table";
import { Field } from "@/components/ui/field";
import { Options, Select } from "@/components/ui/select";
import { apiFetch } from "@/lib/query/api-fetch";
import { queryKeys } from "@/lib/query/keys";
import type { RevisionList } from "@/lib/api/schemas/revisions";
import { CompareView } from "./compare-view";
import { RollbackConfirmation } from "./rollback-confirmation";

const LIMIT = 200;

/**
 * Every revision with what it touched; pick two to compare (YAML diff per object, optionally per
 * product), undo one revision's change or roll back to a whole earlier state, each confirmed first.
 */
export function RevisionHistory({
  initialFrom,
  initialTo,
  initialProduct,
  canRollback,
}: {
  initialFrom: number | null;
  initialTo: number | null;
  initialProduct?: string;
  canRollback: boolean;
}) {
  const router = useRouter();
  const [picked, setPicked] = useState<number[]>(
    [initialFrom, initialTo].filter((n): n is number => n !== null),
  );
  const [compared, setCompared] = useState<{ from: number | null; to: number } | null>(
    initialTo !== null ? { from: initialFrom, to: initialTo } : null,
  );
  const [product, setProduct] = useState(initialProduct ?? "");
  const [rollback, setRollback] = useState<{ revision: number; mode: "undo" | "restore" } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const revisions = useQuery({
    queryKey: queryKeys.topology.history(LIMIT),
    queryFn: () => apiFetch<RevisionList>(`/api/revisions?limit=${LIMIT}`),
    staleTime: 0,
  });

  function compare(from: number | null, to: number) {
    setCompared({ from, to });
    const q = new URLSearchParams({ to: String(to) });
    if (from !== null) q.set("from", String(from));
    if (product) q.set("product", product);
    router.replace(`/revisions?${q}`, { scroll: false });
  }

  function toggle(n: number) {
    setPicked((p) => (p.includes(n) ? p.filter((x) => x !== n) : [...p, n].slice(-2)));
  }

  if (revisions.isPending) return <p role="status">Loading the revisions…</p>;
  if (revisions.isError)
    return (
      <Alert tone="error" title="Could not load the revisions">
        {revisions.error.message} Reload the page to try again.
      </Alert>
    );
  const rows = revisions.data.revisions;
  const products = [...new Set(rows.flatMap((r) => r.products))].sort();
  const [a, b] = [...picked].sort((x, y) => x - y);

  return (
    <div className="space-y-5">
      {done ? (
        <Alert tone="info" title="Rolled back">
          {done}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <Button disabled={picked.length !== 2} onClick={() => compare(a!, b!)}>
          {picked.length === 2 ? `Compare revision ${a} with ${b}` : "Pick two revisions to compare"}
        </Button>
        <Field id="revision-product" label="Product" className="w-64">
          <Select value={product} onChange={(e) => setProduct(e.target.value)}>
            <option value="">every product</option>
            <Options options={products} />
          </Select>
        </Field>
      </div>

      {rollback ? (
        <RollbackConfirmation
          key={`${rollback.revision}-${rollback.mode}`}
          revision={rollback.revision}
          mode={rollback.mode}
          onCancel={() => setRollback(null)}
          onDone={(res) => {
            setDone(
              rollback.mode === "undo"
                ? `Revision ${res.number} undoes revision ${rollback.revision}.`
                : `Revision ${res.number} restores revision ${rollback.revision}.`,
            );
            setRollback(null);
          }}
        />
      ) : null}

      {compared ? (
        <Card>
          <CardHeader
            title="Compare"
            actions={
              <Button variant="secondary" onClick={() => setCompared(null)}>
                Close
              </Button>
            }
          />
          <CardBody>
            <CompareView from={compared.from} to={compared.to} product={product || undefined} />
          </CardBody>
        </Card>
      ) : null}

      <Table caption="Revisions, newest first">
        <THead
          columns={[
            { hidden: "Pick" },
            "Revision",
            "Message",
            "Author",
            "Products",
            "Clusters",
            "When",
            { hidden: "Actions" },
          ]}
        />
        <TBody>
          {rows.map((r, i) => (
            <tr key={r.number} data-testid={`revision-${r.number}`}>
              <Td>
                <input
                  type="checkbox"
                  aria-label={`Pick revision ${r.number} to compare`}
                  checked={picked.includes(r.number)}
                  onChange={() => toggle(r.number)}
                />
              </Td>
              <Td className="font-mono">
                {r.number}
                {r.rollbackOfNumber ? (
                  <Badge className="ml-1" tone="warning">
                    rolls back {r.rollbackOfNumber}
                  </Badge>
                ) : null}
              </Td>
              <Td wrap="text">{r.message ?? <span className="text-slate-500">(not yours to read)</span>}</Td>
              <Td>{r.author?.email ?? "system"}</Td>
              <Td wrap="text">
                <FewOf items={r.products} />
              </Td>
              <Td wrap="text">
                <FewOf items={r.clusters} />
              </Td>
              <Td className="whitespace-nowrap">{new Date(r.createdAt).toLocaleString()}</Td>
              <Td className="whitespace-nowrap">
                <div className="flex gap-2">
                  <Button variant="ghost" onClick={() => compare(r.parentNumber, r.number)}>
                    Diff
                  </Button>
                  {canRollback && r.parentNumber !== null ? (
                    <Button
                      variant="secondary"
                      onClick={() => setRollback({ revision: r.number, mode: "undo" })}
                    >
                      Undo this change
                    </Button>
                  ) : null}
                  {canRollback && i > 0 ? (
                    <Button
                      variant="secondary"
                      onClick={() => setRollback({ revision: r.number, mode: "restore" })}
                    >
                      Roll back to here
                    </Button>
                  ) : null}
                </div>
              </Td>
            </tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

/** The first few names of a long list and how many more; the whole list is the title. */
function FewOf({ items, few = 5 }: { items: string[]; few?: number }) {
  if (items.length === 0) return <>—</>;
  if (items.length <= few) return <>{items.join(", ")}</>;
  return (
    <span title={items.join(", ")}>
      {items.slice(0, few).join(", ")} and {items.length - few} more
    </span>
  );
}
