// Verdicts on the facts of fact-checks.ts from the objects a cluster holds. Pure: the reader
// (cluster-facts.ts) fetches the objects, this says whether each fact holds and why not.
import type { K8sObject } from "@/lib/topology";
import type { FactCheck } from "./fact-checks";

/** What a cluster holds for a set of checks, by `namespace/name`; null where the object is absent. */
export type LiveState = {
  /** Secrets: whether one exists (read as metadata only, never their data). */
  secrets: ReadonlyMap<string, boolean>;
  deployments: ReadonlyMap<string, K8sObject | null>;
  services: ReadonlyMap<string, K8sObject | null>;
  /** EndpointSlices by the `namespace/name` of the Service they belong to. */
  endpointSlices: ReadonlyMap<string, K8sObject[]>;
  /** Gateway API Gateways; absent from the map when the cluster does not serve the API. */
  gatewayApiGateways: ReadonlyMap<string, K8sObject | null>;
};

export type Fact = FactCheck & {
  ok: boolean;
  /** What holds, or what does not and how to fix it. */
  message: string;
};

type Condition = { type?: string; status?: string; reason?: string; message?: string };

const key = (c: FactCheck) => `${c.namespace}/${c.name}`;

function conditions(obj: K8sObject): Condition[] {
  const status = (obj.status ?? {}) as { conditions?: Condition[] };
  return Array.isArray(status.conditions) ? status.conditions : [];
}

function judgeSecret(c: FactCheck, live: LiveState): Fact {
  const present = live.secrets.get(key(c)) === true;
  return present
    ? { ...c, ok: true, message: `TLS Secret ${key(c)} of gateway ${c.gateway} exists.` }
    : {
        ...c,
        ok: false,
        message: `gateway ${c.gateway}: its TLS Secret ${c.name} (credentialName) does not exist in namespace ${c.namespace}; create it there (kubectl -n ${c.namespace} create secret tls ${c.name} --cert=... --key=...).`,
      };
}

/** A gateway Deployment takes traffic once the rollout is observed, available, with a pod ready. */
export function deploymentReadiness(d: K8sObject): { ready: boolean; why: string } {
  const spec = (d.spec ?? {}) as { replicas?: number };
  const status = (d.status ?? {}) as { readyReplicas?: number; observedGeneration?: number };
  const wanted = spec.replicas ?? 1;
  const ready = status.readyReplicas ?? 0;
  const counts = `${ready}/${wanted} replicas ready`;
  if (wanted === 0) return { ready: false, why: "is scaled to zero replicas" };
  const generation = d.metadata.generation as number | undefined;
  if (generation !== undefined && (status.observedGeneration ?? 0) < generation)
    return { ready: false, why: `is rolling out (${counts})` };
  const available = conditions(d).find((x) => x.type === "Available");
  if (available && available.status !== "True")
    return {
      ready: false,
      why: `is not available (${counts}${available.reason ? `, ${available.reason}` : ""})`,
    };
  if (ready < 1 || (!available && ready < wanted)) return { ready: false, why: `is not ready (${counts})` };
  return { ready: true, why: `is available (${counts})` };
}

function judgeDeployment(c: FactCheck, live: LiveState): Fact {
  const d = live.deployments.get(key(c));
  if (!d)
    return { ...c, ok: false, message: `gateway ${c.gateway}: its Deployment ${key(c)} does not exist yet.` };
  const r = deploymentReadiness(d);
  return { ...c, ok: r.ready, message: `gateway ${c.gateway}: Deployment ${key(c)} ${r.why}.` };
}

/** Addresses a Service's load balancer publishes (IPs or host names). */
export function loadBalancerAddresses(svc: K8sObject): string[] {
  const status = (svc.status ?? {}) as {
    loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] };
  };
  return (status.loadBalancer?.ingress ?? []).map((i) => i.hostname ?? i.ip ?? "").filter(Boolean);
}

function judgeAddress(c: FactCheck, live: LiveState): Fact {
  const svc = live.services.get(key(c));
  if (!svc)
    return { ...c, ok: false, message: `gateway ${c.gateway}: its Service ${key(c)} does not exist yet.` };
  const type = ((svc.spec ?? {}) as { type?: string }).type ?? "ClusterIP";
  if (type !== "LoadBalancer")
    return {
      ...c,
      ok: true,
      message: `gateway ${c.gateway}: Service type ${type}, no load balancer expected.`,
    };
  const addresses = loadBalancerAddresses(svc);
  return addresses.length > 0
    ? { ...c, ok: true, message: `gateway ${c.gateway} has load-balancer address ${addresses.join(", ")}.` }
    : {
        ...c,
        ok: false,
        message: `gateway ${c.gateway} has no load-balancer address (Service ${key(c)} status.loadBalancer is empty).`,
      };
}

function judgeBackend(c: FactCheck, live: LiveState): Fact {
  const svc = live.services.get(key(c));
  if (!svc)
    return {
      ...c,
      ok: false,
      message: `backend Service ${key(c)} does not exist; deploy it before traffic moves.`,
    };
  const spec = (svc.spec ?? {}) as { type?: string };
  if (spec.type === "ExternalName")
    return { ...c, ok: true, message: `backend ${key(c)} is an ExternalName Service (no endpoints needed).` };
  const endpoints = (live.endpointSlices.get(key(c)) ?? []).flatMap(
    (s) =>
      ((s as { endpoints?: { conditions?: { ready?: boolean } }[] }).endpoints ?? []) as {
        conditions?: { ready?: boolean };
      }[],
  );
  // EndpointSlice semantics: an unset `ready` means ready.
  const ready = endpoints.filter((e) => e.conditions?.ready !== false).length;
  if (ready > 0)
    return {
      ...c,
      ok: true,
      message: `backend ${key(c)} has ${ready} ready endpoint${ready === 1 ? "" : "s"}.`,
    };
  return {
    ...c,
    ok: false,
    message: `backend ${key(c)} has no ready endpoints (${endpoints.length} endpoint${endpoints.length === 1 ? "" : "s"}, none ready); is it scaled to zero or failing its readiness probe?`,
  };
}

function judgeGatewayApi(c: FactCheck, live: LiveState): Fact | undefined {
  const gw = live.gatewayApiGateways.get(key(c));
  if (!gw) return undefined; // not a Gateway API Gateway here: nothing to judge
  const problems: string[] = [];
  for (const type of ["Accepted", "Programmed"]) {
    const cond = conditions(gw).find((x) => x.type === type);
    if (cond?.status !== "True")
      problems.push(
        cond
          ? `${type} is ${cond.status}${cond.reason ? ` (${cond.reason}${cond.message ? `: ${cond.message}` : ""})` : ""}`
          : `${type} is not reported yet`,
      );
  }
  return problems.length === 0
    ? { ...c, ok: true, message: `Gateway API Gateway ${key(c)} is Accepted and Programmed.` }
    : { ...c, ok: false, message: `Gateway API Gateway ${key(c)}: ${problems.join("; ")}.` };
}

/** The verdict on each check, in the checks' order; checks that do not apply here are left out. */
export function judgeFacts(checks: readonly FactCheck[], live: LiveState): Fact[] {
  const facts: Fact[] = [];
  for (const c of checks) {
    const fact =
      c.kind === "tls-secret"
        ? judgeSecret(c, live)
        : c.kind === "gateway-deployment"
          ? judgeDeployment(c, live)
          : c.kind === "gateway-address"
            ? judgeAddress(c, live)
            : c.kind === "backend-endpoints"
              ? judgeBackend(c, live)
              : judgeGatewayApi(c, live);
    if (fact) facts.push(fact);
  }
  return facts;
}

/** `waiting: ...` with every fact that does not hold, or null when all hold. */
export function waitingReason(facts: readonly Fact[]): string | null {
  const failed = facts.filter((f) => !f.ok);
  return failed.length ? `waiting: ${failed.map((f) => f.message.replace(/\.$/, "")).join("; ")}` : null;
}
