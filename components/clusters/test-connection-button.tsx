"use client";
// Runs the connection checklist again and shows its result in place.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { CheckReport } from "@/lib/clusters/check-cluster";
import { apiFetch } from "@/lib/query/api-fetch";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConnectionChecklist } from "./connection-checklist";

export function TestConnection({ name, initial }: { name: string; initial: CheckReport | null }) {
  const router = useRouter();
  const check = useMutation({
    mutationFn: () =>
      apiFetch<{ report: CheckReport }>(`/api/clusters/${encodeURIComponent(name)}/test`, { method: "POST" }),
    onSuccess: () => router.refresh(),
  });
  const report = check.data?.report ?? initial;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <Button variant="secondary" onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? "Checking…" : "Run the connection check"}
        </Button>
        {check.isPending ? (
          <span role="status" className="text-sm text-slate-800">
            Asking the API server (up to a minute when it does not answer)…
          </span>
        ) : null}
      </div>
      {check.error ? (
        <Alert tone="error" title="The check could not run">
          {check.error.message}
        </Alert>
      ) : null}
      {report ? (
        <ConnectionChecklist report={report} />
      ) : (
        <p className="text-sm text-slate-700">Not checked yet.</p>
      )}
    </div>
  );
}
