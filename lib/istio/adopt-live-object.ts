// Adopting drift: the reverse of rendering, for the objects whose fields map one to one onto the
// topology (a gateway's autoscaler, replica count and proxy resources; a route rule's timeout and
// retries). Anything else is refused
// with the reason, so a person edits the topology or reverts instead of Portico guessing.
import { SOURCE_ANNOTATION, type K8sObject, type Topology } from "@/lib/topology";

export type AdoptResult = { ok: true; topology: Topology; changes: string[] } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Obj)[k] : undefined), o);

export function adoptLiveObject(topology: Topology, cluster: string, live: K8sObject): AdoptResult {
  const source = live.metadata.annotations?.[SOURCE_ANNOTATION] ?? "";
  const [type, namespace, name] = source.split("/");
  if (type === "route" && namespace && name && live.kind === "VirtualService")
    return adoptRoute(topology, namespace, name, live);
  if (type !== "gateway" || !namespace || !name) {
    return {
      ok: false,
      reason: `${live.kind} ${live.metadata.name} cannot be adopted: only a gateway's autoscaler, replicas and resources map back onto the topology. Edit the topology, or revert the drift.`,
    };
  }
  const next = structuredClone(topology);
  const gw = next.gateways.find((g) => g.namespace === namespace && g.name === name);
  if (!gw) return { ok: false, reason: `The topology has no gateway ${namespace}/${name} any more.` };
  const changes: string[] = [];

  if (live.kind === "HorizontalPodAutoscaler") {
    const min = at(live, "spec", "minReplicas");
    const max = at(live, "spec", "maxReplicas");
    const metrics = at(live, "spec", "metrics");
    const cpu = Array.isArray(metrics)
      ? (metrics.find((m) => at(m, "resource", "name") === "cpu") as unknown)
      : undefined;
    const target = at(cpu, "resource", "target", "averageUtilization");
    if (typeof min !== "number" || typeof max !== "number")
      return { ok: false, reason: "The live autoscaler has no numeric minReplicas/maxReplicas." };
    const before = gw.autoscaling;
    const after = {
      minReplicas: min,
      maxReplicas: max,
      targetCPUUtilizationPercentage:
        typeof target === "number" ? target : (before?.targetCPUUtilizationPercentage ?? 80),
    };
    if (JSON.stringify(after) !== JSON.stringify(before ?? null)) {
      gw.autoscaling = after;
      changes.push(
        `gateway ${namespace}/${name}: autoscaling ${JSON.stringify(before ?? null)} → ${JSON.stringify(after)}`,
      );
    }
  } else if (live.kind === "Deployment") {
    const replicas = at(live, "spec", "replicas");
    if (!gw.autoscaling && typeof replicas === "number") {
      const placement = gw.placement.find((p) => p.cluster === cluster);
      if (!placement)
        return { ok: false, reason: `Gateway ${namespace}/${name} is not placed in cluster ${cluster}.` };
      if ((placement.replicas ?? gw.replicas) !== replicas) {
        changes.push(
          `gateway ${namespace}/${name} in ${cluster}: replicas ${placement.replicas ?? gw.replicas} → ${replicas}`,
        );
        placement.replicas = replicas;
      }
    }
    const containers = at(live, "spec", "template", "spec", "containers");
    const proxy = Array.isArray(containers)
      ? (containers.find((c) => at(c, "name") === "istio-proxy") as Obj | undefined)
      : undefined;
    const resources = proxy?.resources as Topology["gateways"][number]["resources"] | undefined;
    if (resources && JSON.stringify(resources) !== JSON.stringify(gw.resources ?? null)) {
      changes.push(
        `gateway ${namespace}/${name}: resources ${JSON.stringify(gw.resources ?? null)} → ${JSON.stringify(resources)}`,
      );
      gw.resources = { requests: resources.requests, limits: resources.limits };
    }
  } else {
    return {
      ok: false,
      reason: `${live.kind} ${live.metadata.name} cannot be adopted: only a gateway's autoscaler, replicas and resources map back onto the topology. Edit the topology, or revert the drift.`,
    };
  }
  if (changes.length === 0)
    return {
      ok: false,
      reason: "The live object differs only in fields that do not map onto the topology; revert it instead.",
    };
  return { ok: true, topology: next, changes };
}

/**
 * A route's VirtualService: per rule (matched by name, else by position), the timeout and retries
 * someone set in the cluster. Other differences stay; the caller re-renders and refuses when the
 * object would still differ.
 */
function adoptRoute(topology: Topology, namespace: string, name: string, live: K8sObject): AdoptResult {
  const next = structuredClone(topology);
  const candidates = next.routes.filter((r) => r.name === name && (r.namespace ?? namespace) === namespace);
  const route = candidates[0];
  if (!route || candidates.length > 1)
    return { ok: false, reason: `The topology has no single route ${namespace}/${name} any more.` };
  const liveRules = at(live, "spec", "http");
  if (!Array.isArray(liveRules))
    return { ok: false, reason: `The live VirtualService ${namespace}/${name} has no HTTP rules to adopt.` };
  const changes: string[] = [];
  route.http.forEach((rule, i) => {
    const label = rule.name ?? `#${i + 1}`;
    const l = (rule.name ? liveRules.find((r) => at(r, "name") === rule.name) : liveRules[i]) as
      Obj | undefined;
    if (!l) return;
    const timeout = typeof l.timeout === "string" ? l.timeout : undefined;
    if (timeout !== rule.timeout) {
      changes.push(
        `route ${namespace}/${name} rule ${label}: timeout ${rule.timeout ?? "none"} → ${timeout ?? "none"}`,
      );
      if (timeout === undefined) delete rule.timeout;
      else rule.timeout = timeout;
    }
    const retries = l.retries as Obj | undefined;
    const attempts = at(retries, "attempts");
    const after =
      typeof attempts === "number"
        ? {
            attempts,
            ...(typeof retries?.perTryTimeout === "string" ? { perTryTimeout: retries.perTryTimeout } : {}),
            ...(typeof retries?.retryOn === "string" ? { retryOn: retries.retryOn } : {}),
          }
        : undefined;
    if (JSON.stringify(after ?? null) !== JSON.stringify(rule.retries ?? null)) {
      changes.push(
        `route ${namespace}/${name} rule ${label}: retries ${JSON.stringify(rule.retries ?? null)} → ${JSON.stringify(after ?? null)}`,
      );
      if (after === undefined) delete rule.retries;
      else rule.retries = after as typeof rule.retries;
    }
  });
  if (changes.length === 0)
    return {
      ok: false,
      reason: `VirtualService ${namespace}/${name} differs only in fields the topology does not model (a route rule's timeout and retries are); revert it, or edit the route.`,
    };
  return { ok: true, topology: next, changes };
}
