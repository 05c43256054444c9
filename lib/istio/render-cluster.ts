import type { GatewaySpec, K8sObject, Topology } from "@/lib/topology";
import {
  indexTopology,
  objectKey,
  routeBinding,
  routeClusters,
  routeNamespace,
  sortObjects,
} from "@/lib/topology";
import type { NotExpressibleNote } from "@/lib/gateway-api/note";
import { renderCertificateGrants, renderGatewayApiGateway } from "@/lib/gateway-api/render-gateway";
import { renderHttpRoute } from "@/lib/gateway-api/render-http-route";
import { SUBSET_LABEL } from "@/lib/gateway-api/subset-service";
import { createContext, type RenderContext } from "./context";
import { renderAuthorizationPolicy, renderRequireJwtPolicy } from "./render-authorization-policy";
import { renderDeployment } from "./render-deployment";
import { renderDestinationRule } from "./render-destination-rule";
import { renderDnsEndpoint } from "./render-dns-endpoint";
import { renderIstioGateway } from "./render-gateway";
import { renderHorizontalPodAutoscaler } from "./render-hpa";
import { SYSTEM_NAMESPACES, renderNamespace } from "./render-namespace";
import { renderPodDisruptionBudget } from "./render-pdb";
import { renderRequestAuthentication } from "./render-request-authentication";
import { renderRoleBinding } from "./render-role-binding";
import { renderRole } from "./render-role";
import { renderServiceAccount } from "./render-service-account";
import { renderGatewayFailoverRules, renderServiceEntry } from "./render-service-entry";
import { renderService } from "./render-service";
import { renderVirtualService } from "./render-virtual-service";

export type RenderFormat = "istio" | "gateway-api";

export interface RenderOptions {
  /** `istio` (default) or `gateway-api` (Gateway + HTTPRoute where expressible). */
  format?: RenderFormat;
  /** Revision stamped in `portico.dev/revision`; defaults to `metadata.revision`. */
  revision?: number | string;
}

export interface RenderResult {
  /** Objects in apply order. */
  objects: K8sObject[];
  /** What the format could not express (for `istio`, only request body limits). */
  notExpressible: NotExpressibleNote[];
}

function runsIn(gw: GatewaySpec, cluster: string): boolean {
  return gw.placement.some((p) => p.cluster === cluster);
}

/** Every object the topology needs in one cluster. Shared gateways are never rendered. */
export function renderCluster(
  topology: Topology,
  clusterName: string,
  opts: RenderOptions = {},
): RenderResult {
  const index = indexTopology(topology);
  const cluster = index.clusters.get(clusterName);
  if (!cluster) throw new Error(`unknown cluster "${clusterName}"`);
  const ctx: RenderContext = createContext(index, cluster, opts.revision);
  const format = opts.format ?? "istio";
  const notes: NotExpressibleNote[] = [];
  const objects: K8sObject[] = [];
  const push = (o: K8sObject | undefined) => {
    if (o) objects.push(o);
  };

  // Clients in this cluster need the ServiceEntry of gateways serving the hosts they call, even
  // when the gateway itself runs elsewhere.
  const calledHosts = new Set<string>();
  for (const c of topology.clients)
    if (c.clusters.includes(clusterName)) for (const h of c.calls) calledHosts.add(h);

  for (const gw of topology.gateways) {
    if (gw.mode !== "product") continue;
    const local = runsIn(gw, clusterName);
    if (local) {
      push(renderServiceAccount(ctx, gw));
      push(renderRole(ctx, gw));
      push(renderRoleBinding(ctx, gw));
      push(renderDeployment(ctx, gw));
      push(renderService(ctx, gw));
      push(renderPodDisruptionBudget(ctx, gw));
      push(renderHorizontalPodAutoscaler(ctx, gw));
      if (format === "istio") push(renderIstioGateway(ctx, gw));
      else objects.push(renderGatewayApiGateway(ctx, gw, notes), ...renderCertificateGrants(ctx, gw));
    }
    if (local || gw.listeners.some((l) => l.hosts.some((h) => calledHosts.has(h)))) {
      const entry = renderServiceEntry(ctx, gw);
      push(entry);
      // Note: a DestinationRule for a host no ServiceEntry declares matches nothing (IST0174): with
      // no reachable endpoint here (remote placements without address) there is no entry, so no rule.
      if (entry) objects.push(...renderGatewayFailoverRules(ctx, gw));
    }
  }

  for (const route of topology.routes) {
    if (!routeClusters(route, index).includes(clusterName)) continue;
    if (format === "istio") {
      push(renderVirtualService(ctx, route));
      route.http.forEach((rule, i) => {
        if (rule.maxRequestBodyBytes === undefined) return;
        notes.push({
          cluster: clusterName,
          source: `route/${routeNamespace(route, index)}/${route.name}`,
          message: `rule ${rule.name ?? `#${i}`}: a VirtualService has no request body limit (${rule.maxRequestBodyBytes} bytes); enforce it at the load balancer or with an EnvoyFilter`,
        });
      });
      continue;
    }
    const binding = routeBinding(route, index);
    const parents = binding.gateways.filter((g) => g.mode === "product" && runsIn(g, clusterName));
    const istioOnly = binding.gateways.filter((g) => g.mode === "shared" && runsIn(g, clusterName));
    if (parents.length) objects.push(...renderHttpRoute(ctx, route, parents, notes));
    if (istioOnly.length || binding.mesh) {
      const source = `route/${routeNamespace(route, index)}/${route.name}`;
      const what = [
        ...istioOnly.map((g) => `shared gateway ${g.namespace}/${g.name}`),
        ...(binding.mesh ? ["mesh"] : []),
      ];
      notes.push({
        cluster: clusterName,
        source,
        message: `binding to ${what.join(", ")} is not a Gateway API parent; rendered as an Istio VirtualService`,
      });
      push(
        renderVirtualService(ctx, {
          ...route,
          gateways: route.gateways.filter((ref) => {
            const b = routeBinding({ ...route, gateways: [ref] }, index);
            return b.mesh || b.gateways.some((g) => g.mode === "shared");
          }),
        }),
      );
    }
  }

  for (const svc of topology.services) {
    if (svc.clusters.includes(clusterName)) push(renderDestinationRule(ctx, svc));
  }
  for (const p of topology.policies.authorization) push(renderAuthorizationPolicy(ctx, p));
  for (const a of topology.policies.authentication) {
    push(renderRequestAuthentication(ctx, a));
    push(renderRequireJwtPolicy(ctx, a));
  }

  // The same DNSEndpoint in either format: external-dns reads it whatever the gateways are made of.
  for (const p of topology.products) push(renderDnsEndpoint(ctx, p));

  if (format === "gateway-api") {
    const istioKinds = new Set(objects.filter((o) => o.apiVersion.includes("istio.io")).map((o) => o.kind));
    for (const kind of [...istioKinds].sort()) {
      if (kind === "VirtualService") continue;
      notes.push({
        cluster: clusterName,
        source: `kind/${kind}`,
        message: `${kind} has no Gateway API equivalent; rendered as Istio ${kind}`,
      });
    }
  }

  // Namespaces last so they cover every namespaced object; system namespaces belong to the cluster.
  const nsProducts = new Map<string, Set<string>>();
  for (const o of objects) {
    const ns = o.metadata.namespace;
    if (!ns || SYSTEM_NAMESPACES.has(ns)) continue;
    const set = nsProducts.get(ns) ?? new Set<string>();
    const product = o.metadata.labels?.["portico.dev/product"];
    if (product) set.add(product);
    nsProducts.set(ns, set);
  }
  for (const [ns, products] of nsProducts) {
    objects.push(renderNamespace(ctx, ns, products.size === 1 ? [...products][0] : undefined));
  }

  return { objects: sortObjects(withoutRepeatedGrants(objects)), notExpressible: notes };
}

/**
 * Several routes (or gateways) of one namespace need the same ReferenceGrant in a backend
 * namespace, several routes the same Service for a subset; each is one object, so it is kept once
 * (with the first source). Any other repeated object is a model error the analyzer reports
 * (PTC020); it is left for it to see.
 */
function withoutRepeatedGrants(objects: K8sObject[]): K8sObject[] {
  const grants = new Set<string>();
  return objects.filter((o) => {
    const shared =
      o.kind === "ReferenceGrant" ||
      (o.kind === "Service" && o.metadata.labels?.[SUBSET_LABEL] !== undefined);
    if (!shared) return true;
    const key = objectKey(o);
    if (grants.has(key)) return false;
    grants.add(key);
    return true;
  });
}

/** Renders every cluster with notes; keys are cluster names in the topology's order. */
export function renderAllResults(topology: Topology, opts: RenderOptions = {}): Map<string, RenderResult> {
  const out = new Map<string, RenderResult>();
  for (const c of topology.clusters) out.set(c.name, renderCluster(topology, c.name, opts));
  return out;
}

/** Objects of every cluster; keys are cluster names in the topology's order. */
export function renderAll(topology: Topology, opts: RenderOptions = {}): Map<string, K8sObject[]> {
  const out = new Map<string, K8sObject[]>();
  for (const [name, r] of renderAllResults(topology, opts)) out.set(name, r.objects);
  return out;
}
