import { emptyTopology } from "./empty-topology";
import { parseTopology, type Topology, type TopologyInput } from "./schema";

/**
 * A large, valid estate for benchmarks and scaling tests: every product has its own gateway in
 * every cluster, a split service, policies and locality failover, like the reference scenario.
 */
export function syntheticTopology(products: number, clusters = 3): Topology {
  const clusterDefs = Array.from({ length: clusters }, (_, i) => ({
    name: `c${i}`,
    region: `region-${i}`,
    zone: `region-${i}a`,
    network: `net-${i}`,
  }));
  const names = clusterDefs.map((c) => c.name);
  const input: TopologyInput = {
    ...emptyTopology({ name: "synthetic", revision: 1 }, "example.io"),
    clusters: clusterDefs,
  };
  for (let p = 0; p < products; p++) {
    const name = `p${p}`;
    const host = `${name}.example.io`;
    input.products!.push({ name, teams: [name], namespaces: [name], hosts: [host] });
    input.gateways!.push({
      name: `${name}-gateway`,
      namespace: name,
      mode: "product",
      product: name,
      placement: names.map((c) => ({ cluster: c, address: `${name}-gateway.${c}.example.io` })),
      listeners: [
        {
          name: "https",
          port: 443,
          protocol: "HTTPS",
          hosts: [host],
          tls: { mode: "SIMPLE", credentialName: `${name}-tls` },
        },
      ],
      autoscaling: { minReplicas: 2, maxReplicas: 5 },
      disruptionBudget: { minAvailable: 1 },
    });
    for (const svc of ["api", "orders", "billing"]) {
      input.services!.push({
        name: svc,
        namespace: name,
        product: name,
        ports: [{ name: "http", port: 8080 }],
        clusters: names,
      });
    }
    input.routes!.push({
      name,
      product: name,
      host,
      gateways: [`${name}/${name}-gateway`],
      http: [
        {
          name: "orders",
          match: [{ path: { prefix: "/v1/orders" } }],
          destinations: [{ service: "orders", port: 8080 }],
          timeout: "5s",
        },
        {
          name: "billing",
          match: [{ path: { prefix: "/v1/billing" }, method: "POST" }],
          destinations: [{ service: "billing", port: 8080 }],
        },
        {
          name: "api",
          match: [{ path: { prefix: "/v1" } }],
          destinations: [{ service: "api", port: 8080 }],
          retries: { attempts: 2 },
        },
      ],
    });
    input.policies!.circuitBreakers!.push({
      name: "billing",
      product: name,
      service: { name: "billing", namespace: name },
      connectionPool: { maxConnections: 100 },
      outlierDetection: {},
    });
    // With one cluster there is nowhere to fail over to (istiod refuses from = to).
    if (clusters > 1)
      input.failover!.push({
        product: name,
        failover: names.map((_, i) => ({ from: `region-${i}`, to: `region-${(i + 1) % clusters}` })),
        outlierDetection: {},
      });
    input.successors!.push({
      service: { name: "api", namespace: name },
      successors: [
        { name: "orders", namespace: name },
        { name: "billing", namespace: name },
      ],
    });
  }
  const r = parseTopology(input);
  if (!r.ok) throw new Error(`synthetic topology invalid: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.topology;
}
