// Adopting drift: the reverse of rendering, for the objects whose fields map one to one onto the
// topology (a gateway's autoscaler, replica count and proxy resources). Anything else is refused
// with the reason, so a person edits the topology or reverts instead of Portico guessing.
import { SOURCE_ANNOTATION, type K8sObject, type Topology } from "@/lib/topology";

export type AdoptResult = { ok: true; topology: Topology; changes: string[] } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const at = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Obj)[k] : undefined), o);

export function adoptLiveObject(topology: Topology, cluster: string, live: K8sObject): AdoptResult {
  const source = live.metadata.annotations?.[SOURCE_ANNOTATION] ?? "";
  const [type, namespace, name] = source.split("/");
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
