// Live request rates on the topology picture's edges, from Istio's standard metrics: one PromQL
// query per Prometheus gives what every gateway and declared client sent where, and the series are
// mapped onto the graph's edges (host → gateway, client → gateway or service, gateway → service).
// Pure: the reader that asks Prometheus is read-edge-rates.ts.
import { hostMatches } from "@/lib/analysis/hosts";
import type { RenderFormat } from "@/lib/istio/render-cluster";
import {
  destinationNamespace,
  indexTopology,
  routeBinding,
  serviceHost,
  type GatewaySpec,
  type Topology,
} from "@/lib/topology";
import {
  clientNodeId,
  edgeId,
  gatewayNodeId,
  hostNodeId,
  serviceNodeId,
  type EdgeRate,
  type TopologyGraph,
} from "@/lib/topology-graph";
import { gatewayRef, gatewayWorkloads } from "./gateway-workloads";
import { promAnyOf, type InstantSample } from "./prometheus-client";

const SERVICE_HOST = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/;
const BY =
  "source_workload,source_workload_namespace,source_cluster,destination_service,destination_workload,destination_workload_namespace";

/** What one Prometheus answered, and the topology clusters it scrapes. */
export interface PrometheusAnswer {
  clusters: string[];
  samples: InstantSample[];
}

/**
 * The one query: requests per second and 5xx per second (part `all`, `5xx`) that each gateway and
 * each declared client of the topology reported as source, by destination and source cluster.
 */
export function edgeRatesQuery(
  topology: Topology,
  windowSeconds: number,
  format: RenderFormat = "istio",
): string {
  const workloads = [...gatewayWorkloads(topology, format).values()];
  const names = [...workloads.map((w) => w.workload), ...topology.clients.map((c) => c.name)];
  const namespaces = [...workloads.map((w) => w.namespace), ...topology.clients.map((c) => c.namespace)];
  const sel = `reporter="source",source_workload=~${promAnyOf(names)},source_workload_namespace=~${promAnyOf(namespaces)}`;
  const w = `[${Math.round(windowSeconds)}s]`;
  const part = (expr: string, name: string) => `label_replace(${expr}, "part", "${name}", "", "")`;
  return [
    part(`sum by (${BY}) (rate(istio_requests_total{${sel}}${w}))`, "all"),
    part(`sum by (${BY}) (rate(istio_requests_total{${sel},response_code=~"5.."}${w}))`, "5xx"),
  ].join(" or ");
}

/**
 * Maps the answers of `edgeRatesQuery` onto the edges of `graph` (built from `topology`); edges
 * without a series are left out. A Prometheus that scrapes one cluster speaks for it; one that
 * scrapes several is split by the series' `source_cluster`. Istio's metrics carry no request host:
 * a gateway's requests land on the host → gateway edge of the one host whose routes on that gateway
 * send to the destination (a destination several of its hosts share is not attributed), mesh
 * callers of the gateway included.
 */
export function edgeRatesFromSamples(
  topology: Topology,
  graph: TopologyGraph,
  answers: readonly PrometheusAnswer[],
  format: RenderFormat = "istio",
): EdgeRate[] {
  const index = indexTopology(topology);
  const workloads = gatewayWorkloads(topology, format);
  const gatewaysByWorkload = new Map<string, GatewaySpec[]>();
  for (const gw of topology.gateways) {
    const w = workloads.get(gatewayRef(gw))!;
    const key = `${w.namespace}/${w.workload}`;
    gatewaysByWorkload.set(key, [...(gatewaysByWorkload.get(key) ?? []), gw]);
  }
  const clients = new Map(topology.clients.map((c) => [`${c.namespace}/${c.name}`, c]));
  // Per gateway: destination FQDN → the hosts whose routes on it send there.
  const hostsByDestination = new Map<string, Map<string, Set<string>>>();
  for (const r of topology.routes)
    for (const gw of routeBinding(r, index).gateways) {
      const byDest = hostsByDestination.get(gatewayRef(gw)) ?? new Map<string, Set<string>>();
      hostsByDestination.set(gatewayRef(gw), byDest);
      for (const rule of r.http)
        for (const d of rule.destinations) {
          const fqdn = serviceHost(d.service, destinationNamespace(d, r, index));
          byDest.set(fqdn, (byDest.get(fqdn) ?? new Set()).add(r.host));
        }
    }
  const present = new Set(graph.edges.map((e) => e.id));
  const rates = new Map<string, EdgeRate>();
  const add = (source: string, target: string, all: boolean, value: number) => {
    const id = edgeId(source, target);
    if (!present.has(id) || !Number.isFinite(value)) return;
    const r = rates.get(id) ?? { edge: id, requestsPerSecond: 0, errorsPerSecond: 0 };
    if (all) r.requestsPerSecond += value;
    else r.errorsPerSecond += value;
    rates.set(id, r);
  };

  for (const answer of answers)
    for (const { metric: m, value } of answer.samples) {
      const cluster =
        answer.clusters.length === 1
          ? answer.clusters[0]!
          : answer.clusters.find((c) => c === m.source_cluster);
      if (cluster === undefined || (m.part !== "all" && m.part !== "5xx")) continue;
      const all = m.part === "all";
      const dest = m.destination_service ?? "";
      const svc = SERVICE_HOST.exec(dest);
      const source = `${m.source_workload_namespace}/${m.source_workload}`;

      for (const gw of gatewaysByWorkload.get(source) ?? []) {
        if (!gw.placement.some((p) => p.cluster === cluster)) continue;
        const node = gatewayNodeId(cluster, gw.namespace, gw.name);
        if (svc) add(node, serviceNodeId(cluster, svc[2]!, svc[1]!), all, value);
        const hosts = hostsByDestination.get(gatewayRef(gw))?.get(dest);
        if (hosts?.size === 1) add(hostNodeId([...hosts][0]!), node, all, value);
      }

      const client = clients.get(source);
      if (!client || !client.clusters.includes(cluster)) continue;
      const from = clientNodeId(cluster, client.namespace, client.name);
      const target = gatewaysByWorkload.get(`${m.destination_workload_namespace}/${m.destination_workload}`);
      if (target?.length) {
        for (const gw of target) add(from, gatewayNodeId(cluster, gw.namespace, gw.name), all, value);
      } else if (svc) {
        add(from, serviceNodeId(cluster, svc[2]!, svc[1]!), all, value);
      } else if (client.calls.includes(dest)) {
        // A public host called from the mesh, its gateway not named: the graph's own edge for that
        // call (to the local gateway serving it, or to the host) when there is exactly one.
        const targets = topology.gateways
          .filter(
            (gw) =>
              gw.placement.some((p) => p.cluster === cluster) &&
              gw.listeners.some((l) => l.hosts.some((h) => hostMatches(h, dest))),
          )
          .map((gw) => gatewayNodeId(cluster, gw.namespace, gw.name))
          .filter((t) => present.has(edgeId(from, t)));
        if (targets.length === 1) add(from, targets[0]!, all, value);
        else if (targets.length === 0) add(from, hostNodeId(dest), all, value);
      }
    }
  return [...rates.values()].sort((a, b) => (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0));
}
