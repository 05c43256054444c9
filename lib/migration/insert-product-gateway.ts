import {
  gatewayRefString,
  gatewaySelector,
  indexTopology,
  parseGatewayRef,
  routeNamespace,
  serviceHost,
  type GatewaySpec,
  type Listener,
  type Topology,
} from "@/lib/topology";
import { MigrationError } from "./migration-error";
import { finish, requireProduct, type StepResult } from "./step-result";
import { productGatewayName, suggestGatewayNamespace } from "./suggest-gateway-namespace";

/** Gateway sizes offered in the wizard; `medium` and `small` are what the reference examples use. */
export const GATEWAY_SIZES = {
  small: { replicas: 2, disruptionBudget: { minAvailable: 1 } },
  medium: {
    replicas: 2,
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 80 },
    disruptionBudget: { minAvailable: 1 },
  },
  large: {
    replicas: 3,
    resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { cpu: "2", memory: "1Gi" } },
    autoscaling: { minReplicas: 3, maxReplicas: 12, targetCPUUtilizationPercentage: 70 },
    disruptionBudget: { minAvailable: 2 },
  },
} as const satisfies Record<string, Partial<GatewaySpec>>;

export type GatewaySize = keyof typeof GATEWAY_SIZES;

export type InsertPhase = "serve-both" | "cut-over";

export interface InsertProductGatewayOptions {
  product: string;
  /** Gateway namespace; defaults to `suggestGatewayNamespace`. */
  namespace?: string;
  /** Clusters to place the gateway in; defaults to where the product's hosts are served today. */
  clusters?: string[];
  /** Replica override; the size preset decides otherwise. */
  replicas?: number;
  size?: GatewaySize;
  /** TLS secret in the gateway namespace; defaults to `<product>-tls`. */
  tlsSecret?: string;
  /** Internal clients calling the product's services directly switch to its public host. */
  moveInternalClients: boolean;
  /**
   * `serve-both`: deploy the gateway and bind the routes to shared and product gateway (cutover).
   * `cut-over`: after DNS/LB points at the product gateway, drop the host from the shared gateway.
   */
  phase: InsertPhase;
}

function sharedGatewaysOf(topology: Topology, product: string): Set<string> {
  const index = indexTopology(topology);
  const out = new Set<string>();
  for (const r of topology.routes.filter((x) => x.product === product)) {
    const ns = routeNamespace(r, index);
    for (const ref of r.gateways) {
      const parsed = parseGatewayRef(ref, ns);
      if (parsed === "mesh") continue;
      const gw = index.gateways.get(gatewayRefString(parsed));
      if (gw?.mode === "shared") out.add(gatewayRefString(gw));
    }
  }
  return out;
}

/** Listeners of the product gateway: the shared listeners that carry the product's hosts today. */
function productListeners(
  topology: Topology,
  shared: Set<string>,
  hosts: string[],
  tlsSecret: string,
): Listener[] {
  const byPort = new Map<number, Listener>();
  for (const gw of topology.gateways) {
    if (!shared.has(gatewayRefString(gw))) continue;
    for (const l of gw.listeners) {
      const mine = hosts.filter((h) => l.hosts.includes(h));
      if (mine.length === 0) continue;
      const existing = byPort.get(l.port);
      if (existing) {
        existing.hosts = [...new Set([...existing.hosts, ...mine])];
        continue;
      }
      const tls =
        l.protocol === "HTTPS" || l.protocol === "TLS"
          ? { mode: l.tls?.mode ?? "SIMPLE", credentialName: tlsSecret }
          : undefined;
      byPort.set(l.port, {
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hosts: mine,
        ...(tls ? { tls } : {}),
        // Plain HTTP that redirected to https on the shared gateway keeps redirecting.
        ...(l.httpsRedirect ? { httpsRedirect: true } : {}),
      });
    }
  }
  if (byPort.size === 0) {
    // Nothing on a shared gateway yet (a new product): serve HTTPS like the company's other hosts.
    return [
      {
        name: "https",
        port: 443,
        protocol: "HTTPS",
        hosts,
        tls: { mode: "SIMPLE", credentialName: tlsSecret },
      },
    ];
  }
  return [...byPort.values()].sort((a, b) => a.port - b.port);
}

/**
 * Journey step 1: a gateway of the product's own. `serve-both` deploys it next to the shared one
 * and binds the product's routes to both (legal because their selectors differ), so either answers
 * while DNS moves; `cut-over` then removes the product's hosts from the shared gateway.
 *
 * Note: moved internal clients call the public host, which the gateway's ServiceEntry publishes in
 * the mesh, so their calls pass the gateway and its policies. The routes are deliberately not
 * bound to `mesh`: a mesh binding would send sidecar traffic for the host straight to the services
 * and bypass the gateway (docs/examples/01 does the same).
 */
export function insertProductGateway(before: Topology, opts: InsertProductGatewayOptions): StepResult {
  const topology = structuredClone(before);
  const product = requireProduct(topology, opts.product);
  const name = productGatewayName(product.name);
  const namespace = opts.namespace ?? suggestGatewayNamespace(product);
  const ref = `${namespace}/${name}`;
  const changes: string[] = [];
  const notes: string[] = [];
  const shared = sharedGatewaysOf(topology, product.name);
  const routes = topology.routes.filter((r) => r.product === product.name);
  if (routes.length === 0)
    throw new MigrationError(`Product "${product.name}" has no routes; import its hosts first.`);

  if (opts.phase === "serve-both") {
    if (
      topology.gateways.some(
        (g) => g.mode === "product" && g.product === product.name && gatewayRefString(g) !== ref,
      )
    ) {
      throw new MigrationError(
        `Product "${product.name}" already has a gateway elsewhere; edit it instead of inserting another.`,
      );
    }
    const index = indexTopology(topology);
    const clusters =
      opts.clusters && opts.clusters.length > 0
        ? opts.clusters
        : [
            ...new Set(
              [...shared].flatMap((s) => index.gateways.get(s)?.placement.map((p) => p.cluster) ?? []),
            ),
          ];
    if (clusters.length === 0) throw new MigrationError("Choose at least one cluster for the gateway.");
    for (const c of clusters)
      if (!index.clusters.has(c)) throw new MigrationError(`Cluster "${c}" is not in the topology.`);
    const hosts = product.hosts.length > 0 ? product.hosts : [...new Set(routes.map((r) => r.host))];
    const tlsSecret = opts.tlsSecret ?? `${product.name}-tls`;
    const size = GATEWAY_SIZES[opts.size ?? "medium"];
    const gateway: GatewaySpec = {
      name,
      namespace,
      mode: "product",
      product: product.name,
      selector: { istio: name },
      placement: clusters.map((cluster) => ({ cluster })),
      listeners: productListeners(topology, shared, hosts, tlsSecret),
      serviceType: "LoadBalancer",
      ...structuredClone(size),
      ...(opts.replicas !== undefined ? { replicas: opts.replicas } : {}),
    } as GatewaySpec;
    // Never the shared gateway's workload: two Gateways on one workload for one host conflict.
    for (const s of shared) {
      const sel = gatewaySelector(index.gateways.get(s)!);
      if (JSON.stringify(sel) === JSON.stringify(gateway.selector)) {
        throw new MigrationError(
          `The selector ${JSON.stringify(sel)} is the shared gateway's; pick another name.`,
        );
      }
    }
    const at = topology.gateways.findIndex((g) => gatewayRefString(g) === ref);
    if (at >= 0) topology.gateways[at] = gateway;
    else topology.gateways.push(gateway);
    changes.push(
      `Deploy gateway ${ref} (selector istio=${name}) in ${clusters.join(", ")} serving ${hosts.join(", ")}.`,
    );
    if (gateway.listeners.some((l) => l.tls)) {
      notes.push(
        `Create the TLS secret ${tlsSecret} in namespace ${namespace} before the DNS switch (a credential must live in the gateway's namespace).`,
      );
    }

    const dedicated = !product.namespaces.includes(namespace);
    for (const r of routes) {
      const ns = routeNamespace(r, index);
      if (!r.gateways.includes(ref)) {
        r.gateways = [...r.gateways, ref];
        changes.push(
          `Serve ${r.host} from both ${[...shared].join(", ") || "no shared gateway"} and ${ref} until DNS is switched.`,
        );
      }
      if (dedicated && ns !== namespace) {
        // The VirtualService lives with the gateway when the product spans namespaces; references
        // that relied on the old namespace become explicit.
        for (const rule of r.http) for (const d of rule.destinations) d.namespace ??= ns;
        r.gateways = r.gateways.map((g) => (g === "mesh" || g.includes("/") ? g : `${ns}/${g}`));
        r.namespace = namespace;
        changes.push(
          `Move VirtualService ${r.name} from namespace ${ns} to ${namespace}, next to the gateway.`,
        );
      }
    }

    if (opts.moveInternalClients) {
      const mine = new Map(
        topology.services
          .filter((s) => s.product === product.name)
          .map((s) => [serviceHost(s.name, s.namespace), s]),
      );
      const host = hosts[0]!;
      for (const c of topology.clients) {
        const direct = c.calls.filter((h) => mine.has(h));
        if (direct.length === 0) continue;
        c.calls = [...new Set(c.calls.map((h) => (mine.has(h) ? host : h)))];
        changes.push(
          `Internal client ${c.namespace}/${c.name} calls ${host} through the gateway instead of ${direct.join(", ")}.`,
        );
      }
    }
    notes.push(
      `Point DNS (or the load balancer) for ${hosts.join(", ")} at ${ref} once verification passed, then run the cut-over.`,
    );
    return finish(topology, changes, notes);
  }

  // cut-over
  if (!topology.gateways.some((g) => gatewayRefString(g) === ref)) {
    throw new MigrationError(`Gateway ${ref} is not deployed yet; run "serve both" first.`);
  }
  const hosts = new Set([...product.hosts, ...routes.map((r) => r.host)]);
  for (const r of routes) {
    const ns = routeNamespace(r, indexTopology(topology));
    const kept = r.gateways.filter((g) => {
      const parsed = parseGatewayRef(g, ns);
      return parsed === "mesh" || !shared.has(gatewayRefString(parsed));
    });
    if (kept.length !== r.gateways.length) {
      changes.push(`Stop serving ${r.host} on ${r.gateways.filter((g) => !kept.includes(g)).join(", ")}.`);
      r.gateways = kept;
    }
  }
  topology.gateways = topology.gateways.flatMap((g) => {
    if (!shared.has(gatewayRefString(g))) return [g];
    const listeners = g.listeners
      .map((l) => ({ ...l, hosts: l.hosts.filter((h) => !hosts.has(h)) }))
      .filter((l) => l.hosts.length > 0);
    if (
      listeners.length === g.listeners.length &&
      listeners.every((l, i) => l.hosts.length === g.listeners[i]!.hosts.length)
    )
      return [g];
    changes.push(
      listeners.length === 0
        ? `Shared gateway ${gatewayRefString(g)} serves nothing of Portico's any more; it leaves the topology.`
        : `Remove ${[...hosts].join(", ")} from the listeners of shared gateway ${gatewayRefString(g)}.`,
    );
    return listeners.length === 0 ? [] : [{ ...g, listeners }];
  });
  notes.push(
    `The shared Gateway objects belong to the cluster: remove ${[...hosts].join(", ")} from their servers once no client resolves the host to them.`,
  );
  return finish(topology, changes, notes);
}
