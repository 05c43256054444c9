"use client";

import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { StepInput } from "@/lib/migration/preview-step";
import type { ClusterSummary, MigrationStatus } from "./api-types";

export type StepKind = StepInput["step"];

const input =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm focus-visible:border-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600";
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
  onPreview,
}: {
  step: StepKind;
  status: MigrationStatus;
  clusters: ClusterSummary[];
  pending: boolean;
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
      onPreview({
        step,
        service: { namespace: ns, name },
        successors: successors
          .filter((s) => s.name.trim())
          .map((s) => ({ name: s.name.trim(), paths: parsePaths(s.paths) })),
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
              <div className="space-y-1">
                <label htmlFor={`${id}-ns`} className={label}>
                  Gateway namespace
                </label>
                <input
                  id={`${id}-ns`}
                  className={input}
                  value={namespace}
                  onChange={(e) => setNamespace(e.target.value)}
                  aria-describedby={`${id}-ns-hint`}
                />
                <p id={`${id}-ns-hint`} className={hint}>
                  {status.namespaces.length > 1
                    ? `${status.displayName} spans ${status.namespaces.join(", ")}: a dedicated namespace (${status.suggestedNamespace}) keeps the gateway out of any one team's namespace.`
                    : `The product's own namespace (${status.namespaces[0]}).`}
                </p>
              </div>
              <div className="space-y-1">
                <label htmlFor={`${id}-tls`} className={label}>
                  TLS secret
                </label>
                <input
                  id={`${id}-tls`}
                  className={input}
                  value={tlsSecret}
                  onChange={(e) => setTlsSecret(e.target.value)}
                  aria-describedby={`${id}-tls-hint`}
                />
                <p id={`${id}-tls-hint`} className={hint}>
                  Must exist in namespace {namespace} (Istio reads credentials from the gateway&apos;s own
                  namespace).
                </p>
              </div>
              <div className="space-y-1">
                <label htmlFor={`${id}-size`} className={label}>
                  Size
                </label>
                <select
                  id={`${id}-size`}
                  className={input}
                  value={size}
                  onChange={(e) => setSize(e.target.value as typeof size)}
                >
                  <option value="small">Small: 2 replicas, disruption budget</option>
                  <option value="medium">Medium: 2–6 replicas autoscaled, 100m/128Mi</option>
                  <option value="large">Large: 3–12 replicas autoscaled, 500m/256Mi</option>
                </select>
              </div>
              <fieldset className="space-y-1">
                <legend className={label}>Clusters</legend>
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
          <div className="max-w-md space-y-1">
            <label htmlFor={`${id}-svc`} className={label}>
              Service to split
            </label>
            <select
              id={`${id}-svc`}
              className={input}
              value={service}
              onChange={(e) => setService(e.target.value)}
            >
              {status.services.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.key}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="space-y-2">
            <legend className={label}>Successors and the paths they take over</legend>
            <p className={hint}>
              Paths are prefixes; write =/path for an exact path. Separate several with commas. What no
              successor takes stays on the split service.
            </p>
            {successors.map((s, i) => (
              <div key={i} className="grid gap-2 md:grid-cols-[14rem_1fr]">
                <div>
                  <label htmlFor={`${id}-succ-${i}`} className="sr-only">
                    Successor {i + 1} name
                  </label>
                  <input
                    id={`${id}-succ-${i}`}
                    className={input}
                    placeholder="credit-card"
                    value={s.name}
                    onChange={(e) =>
                      setSuccessors((l) => l.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                    }
                  />
                </div>
                <div>
                  <label htmlFor={`${id}-paths-${i}`} className="sr-only">
                    Successor {i + 1} paths
                  </label>
                  <input
                    id={`${id}-paths-${i}`}
                    className={input}
                    placeholder="/v1/payments/cards"
                    value={s.paths}
                    onChange={(e) =>
                      setSuccessors((l) => l.map((x, j) => (j === i ? { ...x, paths: e.target.value } : x)))
                    }
                  />
                </div>
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
          <div className="space-y-1">
            <label htmlFor={`${id}-target`} className={label}>
              Target cluster
            </label>
            <select
              id={`${id}-target`}
              className={input}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            >
              {others.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} {c.zone ? `(${c.zone})` : ""} {c.production ? "· production" : ""}
                </option>
              ))}
            </select>
            {others.length === 0 ? (
              <p className={hint}>The product already runs in every cluster of the topology.</p>
            ) : null}
          </div>
          <div className="space-y-1">
            <label htmlFor={`${id}-clients`} className={label}>
              Internal clients also running there
            </label>
            <input
              id={`${id}-clients`}
              className={input}
              value={clients}
              onChange={(e) => setClients(e.target.value)}
              placeholder="checkout"
            />
          </div>
          <label className="flex items-center gap-2 text-sm md:col-span-2">
            <input type="checkbox" checked={failover} onChange={(e) => setFailover(e.target.checked)} />
            Locality failover between the regions (DestinationRules always get outlier detection, without
            which failover never triggers)
          </label>
        </div>
      ) : null}

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Planning…" : "Preview plan"}
        </Button>
      </div>
    </form>
  );
}
