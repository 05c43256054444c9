import { Alert } from "@/components/ui/alert";
import type { VerifyCheck } from "@/lib/migration/verify-step";
import { CheckItem } from "./check-item";

/** The verification checklist of a step: what the clusters report, not what was asked. */
export function VerifyPanel({ checks }: { checks: VerifyCheck[] }) {
  const failed = checks.filter((c) => !c.ok);
  return (
    <div className="space-y-2">
      {checks.length === 0 ? (
        <p className="text-sm text-slate-700">Nothing to verify in a registered cluster.</p>
      ) : null}
      <ul className="space-y-1" aria-label="Verification">
        {checks.map((c, i) => (
          <CheckItem key={i} pass={c.ok} className="text-sm">
            <span className="font-medium">{c.cluster}</span> · {c.label}
            {c.detail ? <span className="block text-xs text-slate-700">{c.detail}</span> : null}
          </CheckItem>
        ))}
      </ul>
      {checks.length > 0 ? (
        failed.length === 0 ? (
          <Alert tone="info" title="Verified">
            Every object is synced, the gateways are ready and the routes are present.
          </Alert>
        ) : (
          <Alert tone="warning" title={`${failed.length} check(s) not passed yet`}>
            Wait for the rollout and verify again, fix what the checks name, or roll back.
          </Alert>
        )
      ) : null}
    </div>
  );
}
