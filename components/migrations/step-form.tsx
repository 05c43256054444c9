"use client";

import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { StepInput } from "@/lib/migration/preview-step";
import type { ClusterSummary, MigrationStatus } from "@/lib/api/schemas/migrations";
import { stepFieldErrors } from "./step-field-errors";

export type StepKind = StepInput["step"];

const label = "block text-sm font-medium text-slate-800";
const hint = "text-xs text-slate-600";

type SuccessorRow = { name: string; paths: string };

/** `/a, =/b` → prefix /a, exact /b. */
function parsePaths(text: string): ({ prefix: string } | { exact: string })[] {
  return text
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (p.startsWith("=") ? { exact: p.slice(1) } : { prefix: p }));
}

/** The options of one journey step; submitting asks the server for the preview. */
export function StepForm({
  step,
  status,
  clusters,
  pending,
  error,
  onPreview,
}: {
  step: StepKind;
  status: MigrationStatus;
  clusters: ClusterSummary[];
  pending: boolean;
  /** The failed preview, if any: its validation issues are shown under the fields they concern. */
  error?: unknown;
  onPreview: (input: StepInput) => void;
}) {
  const id = useId();
  const inTopology = clusters.filter((c) => c.inTopology);
  // Step 1
  const [phase, setPhase] = useState<"serve-both" | "cut-over">(
    status.phase === "serve-both" ? "cut-over" : "serve-both",
  );
  const [namespace, setNamespace] = useState(status.gateway?.ref.split("/")[0] ?? status.suggestedNamespace);
  const [chosenClusters, setChosenClusters] = useState<string[]>(
    status.clusters.length ? status.clusters : inTopology.slice(0, 1).map((c) => c.name),
  );
  const [size, setSize] = useState<"small" | "medium" | "large">("medium");
  const [tlsSecret, setTlsSecret] = useState(`${status.product}-tls`);
  const [moveClients, setMoveClients] = useState(true);
  // Step 2
  const [service, setService] = useState(status.services[0]?.key ?? "");
  const [successors, setSuccessors] = useState<SuccessorRow[]>([
    { name: "", paths: "" },
    { name: "", paths: "" },
  ]);
  const [retire, setRetire] = useState(false);
  // Step 3
  const others = inTopology.filter((c) => !status.clusters.includes(c.name));
  const [target, setTarget] = useState(others[0]?.name ?? "");
  const [failover, setFailover] = useState(true);
  const [clients, setClients] = useState("");

  // Form rows of the successors sent, to show the API's `successors[i]` issues on the right row.
  const [sentRows, setSentRows] = useState<number[]>([]);
  const problems = stepFieldErrors(error, sentRows);
  const problem = (key: string) => problems.fields.get(key);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (step === "insert") {
      onPreview({
        step,
        phase,
        namespace,
        clusters: chosenClusters,
        size,
        tlsSecret,
        moveInternalClients: moveClients,
      });
    } else if (step === "split") {
      const [ns, name] = service.split("/") as [string, string];
      const rows = successors.flatMap((s, row) => (s.name.trim() ? [row] : []));
      setSentRows(rows);
      onPreview({
        step,
        service: { namespace: ns, name },
        successors: rows.map((row) => ({
          name: successors[row]!.name.trim(),
          paths: parsePaths(successors[row]!.paths),
        })),
        retire,
      });
    } else {
      onPreview({ step, targetCluster: target, failover, clients: clients.split(/[,\s]+/).filter(Boolean) });
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Step options">
      {step === "insert" ? (
        <>
          <fieldset className="space-y-1">
            <legend className={label}>Phase</legend>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-phase`}
                checked={phase === "serve-both"}
                onChange={() => setPhase("serve-both")}
              />
              Serve both: deploy the gateway; shared and product gateway both serve the hosts until DNS moves
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-phase`}
                checked={phase === "cut-over"}
                onChange={() => setPhase("cut-over")}
                disabled={!status.gateway}
              />
              Cut over: remove the hosts from the shared gateway {status.gateway ? "" : "(after serve both)"}
            </label>
          </fieldset>
          {phase === "serve-both" ? (
            <div className="grid gap-4 md:grid-cols-2">
              <Field
                id={`${id}-ns`}
                label="Gateway namespace"
                error={problem("namespace")}
                hint={
                  status.namespaces.length > 1
                    ? `${status.displayName} spans ${status.namespaces.join(", ")}: a dedicated namespace (${status.suggestedNamespace}) keeps the gateway out of any one team's namespace.`
                    : `The product's own namespace (${status.namespaces[0]}).`
                }
              >
                <Input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
              </Field>
              <Field
                id={`${id}-tls`}
                label="TLS secret"
                error={problem("tlsSecret")}
                hint={
                  <>
                    Must exist in namespace {namespace} (Istio reads credentials from the gateway&apos;s own
                    namespace).
                  </>
                }
              >
                <Input value={tlsSecret} onChange={(e) => setTlsSecret(e.target.value)} />
              </Field>
              <Field id={`${id}-size`} label="Size" error={problem("size")}>
                <Select value={size} onChange={(e) => setSize(e.target.value as typeof size)}>
                  <option value="small">Small: 2 replicas, disruption budget</option>
                  <option value="medium">Medium: 2–6 replicas autoscaled, 100m/128Mi</option>
                  <option value="large">Large: 3–12 replicas autoscaled, 500m/256Mi</option>
                </Select>
              </Field>
              <fieldset className="min-w-0 space-y-1">
                <legend className={label}>Clusters</legend>
                {problem("clusters") ? <p className="text-xs text-red-700">{problem("clusters")}</p> : null}
                {inTopology.map((c) => (
                  <label key={c.name} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={chosenClusters.includes(c.name)}
                      onChange={(e) =>
                        setChosenClusters((l) =>
                          e.target.checked ? [...l, c.name] : l.filter((x) => x !== c.name),
                        )
                      }
                    />
                    {c.name} {c.zone ? `(${c.zone})` : ""} {c.production ? "· production" : ""}
                  </label>
                ))}
              </fieldset>
              <label className="flex items-center gap-2 text-sm md:col-span-2">
                <input
                  type="checkbox"
                  checked={moveClients}
                  onChange={(e) => setMoveClients(e.target.checked)}
                />
                Move internal clients (e.g. checkout) to call {status.hosts[0] ?? "the public host"} through
                the gateway
              </label>
            </div>
          ) : (
            <p className="text-sm text-slate-700">
              Removes {status.hosts.join(", ")} from the shared gateway. Istio cannot move traffic between two
              gateway deployments: clients still sent to the shared gateway would get 404. The preview and the
              apply check that DNS sends every client to {status.gateway?.ref ?? "the product gateway"} and
              that the shared gateway has drained (see the cutover panel below).
            </p>
          )}
        </>
      ) : null}

      {step === "split" ? (
        <>
          <Field id={`${id}-svc`} label="Service to split" error={problem("service")} className="max-w-md">
            <Select value={service} onChange={(e) => setService(e.target.value)}>
              {status.services.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.key}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset className="min-w-0 space-y-2">
            <legend className={label}>Successors and the paths they take over</legend>
            <p className={hint}>
              Paths are prefixes; write =/path for an exact path. Separate several with commas. What no
              successor takes stays on the split service.
            </p>
            {problem("successors") ? <p className="text-xs text-red-700">{problem("successors")}</p> : null}
            {successors.map((s, i) => (
              <div key={i} className="grid gap-2 md:grid-cols-[14rem_1fr]">
                <Field
                  id={`${id}-succ-${i}`}
                  label={`Successor ${i + 1} name`}
                  labelHidden
                  error={problem(`successor-${i}-name`)}
                >
                  <Input
                    placeholder="credit-card"
                    value={s.name}
                    onChange={(e) =>
                      setSuccessors((l) => l.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                    }
                  />
                </Field>
                <Field
                  id={`${id}-paths-${i}`}
                  label={`Successor ${i + 1} paths`}
                  labelHidden
                  error={problem(`successor-${i}-paths`)}
                >
                  <Input
                    placeholder="/v1/payments/cards"
                    value={s.paths}
                    onChange={(e) =>
                      setSuccessors((l) => l.map((x, j) => (j === i ? { ...x, paths: e.target.value } : x)))
                    }
                  />
                </Field>
              </div>
            ))}
            <Button variant="ghost" onClick={() => setSuccessors((l) => [...l, { name: "", paths: "" }])}>
              Add a successor
            </Button>
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={retire} onChange={(e) => setRetire(e.target.checked)} />
            Retire the split service (calls no successor takes over will break; the contract check lists them)
          </label>
        </>
      ) : null}

      {step === "copy" ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            id={`${id}-target`}
            label="Target cluster"
            error={problem("target")}
            hint={
              others.length === 0 ? "The product already runs in every cluster of the topology." : undefined
            }
          >
            <Select value={target} onChange={(e) => setTarget(e.target.value)}>
              {others.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} {c.zone ? `(${c.zone})` : ""} {c.production ? "· production" : ""}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-clients`} label="Internal clients also running there" error={problem("clients")}>
            <Input value={clients} onChange={(e) => setClients(e.target.value)} placeholder="checkout" />
          </Field>
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <input type="checkbox" checked={failover} onChange={(e) => setFailover(e.target.checked)} />
            Locality failover between the regions (DestinationRules always get outlier detection, without
            which failover never triggers)
          </label>
        </div>
      ) : null}

      {problems.other.length ? (
        <Alert tone="error" title="The step's options are not valid">
          {problems.other.join(" ")}
        </Alert>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Planning…" : "Preview plan"}
        </Button>
      </div>
    </form>
  );
}
