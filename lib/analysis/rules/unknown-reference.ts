import { dnsEndpointName, gatewayRefString, parseGatewayRef, serviceKey } from "@/lib/topology";
import { gatewayObject, routeObject, type AnalysisContext } from "../context";
import { finding, type Finding, type ObjectRef, type RuleMeta } from "../finding";
import type { Rule } from "../rule";

export const meta: RuleMeta = {
  code: "PTC018",
  name: "UnknownReference",
  severity: "error",
  description: "The model references a cluster, product, service or gateway it does not define.",
};

export const unknownReference: Rule = {
  meta,
  run(ctx: AnalysisContext): Finding[] {
    const out: Finding[] = [];
    const { clusters, products, services, gateways } = ctx.index;
    const report = (message: string, obj: ObjectRef, hint: string) =>
      out.push(finding(meta, message, [obj], hint));
    const clusterHint = `Use one of the clusters: ${[...clusters.keys()].join(", ")}.`;
    const productHint = `Use one of the products: ${[...products.keys()].join(", ") || "(none defined)"}.`;
    for (const gw of ctx.topology.gateways) {
      for (const p of gw.placement) {
        if (!clusters.has(p.cluster))
          report(
            `Gateway ${gatewayRefString(gw)} is placed in unknown cluster ${p.cluster}.`,
            gatewayObject(gw),
            clusterHint,
          );
      }
      if (gw.mode === "product" && !gw.product)
        report(
          `Product gateway ${gatewayRefString(gw)} names no product.`,
          gatewayObject(gw),
          "Set product: the product this gateway belongs to.",
        );
      if (gw.product && !products.has(gw.product))
        report(
          `Gateway ${gatewayRefString(gw)} belongs to unknown product ${gw.product}.`,
          gatewayObject(gw),
          productHint,
        );
    }
    for (const info of ctx.routes) {
      if (!products.has(info.route.product))
        report(
          `Route ${info.namespace}/${info.route.name} belongs to unknown product ${info.route.product}.`,
          routeObject(info),
          productHint,
        );
      for (const c of info.route.clusters ?? []) {
        if (!clusters.has(c))
          report(
            `Route ${info.namespace}/${info.route.name} names unknown cluster ${c}.`,
            routeObject(info),
            clusterHint,
          );
      }
    }
    for (const s of ctx.topology.services) {
      const obj = { kind: "Service", namespace: s.namespace, name: s.name, product: s.product };
      if (!products.has(s.product))
        report(`Service ${s.namespace}/${s.name} belongs to unknown product ${s.product}.`, obj, productHint);
      for (const c of s.clusters)
        if (!clusters.has(c))
          report(`Service ${s.namespace}/${s.name} runs in unknown cluster ${c}.`, obj, clusterHint);
    }
    for (const c of ctx.topology.clients) {
      for (const cl of c.clusters)
        if (!clusters.has(cl))
          report(
            `Client ${c.namespace}/${c.name} runs in unknown cluster ${cl}.`,
            { kind: "Deployment", namespace: c.namespace, name: c.name },
            clusterHint,
          );
    }
    const { circuitBreakers, authentication, authorization } = ctx.topology.policies;
    for (const cb of circuitBreakers) {
      const key = serviceKey(cb.service.namespace, cb.service.name);
      if (!services.has(key))
        report(
          `Circuit breaker ${cb.name} protects unknown service ${key}.`,
          {
            kind: "DestinationRule",
            namespace: cb.service.namespace,
            name: cb.service.name,
            product: cb.product,
          },
          "Reference a service of the topology.",
        );
    }
    const gatewayExists = (ref: string) => {
      const parsed = parseGatewayRef(ref, "default");
      return parsed !== "mesh" && gateways.has(gatewayRefString(parsed));
    };
    for (const a of authentication) {
      if (!gatewayExists(a.gateway))
        report(
          `Authentication ${a.name} targets unknown gateway ${a.gateway}.`,
          { kind: "RequestAuthentication", name: a.name, product: a.product },
          "Use namespace/name of a gateway.",
        );
    }
    for (const a of authorization) {
      if ("gateway" in a.target && !gatewayExists(a.target.gateway))
        report(
          `Authorization ${a.name} targets unknown gateway ${a.target.gateway}.`,
          { kind: "AuthorizationPolicy", name: a.name, product: a.product },
          "Use namespace/name of a gateway.",
        );
      if (
        "service" in a.target &&
        !services.has(serviceKey(a.target.service.namespace, a.target.service.name))
      )
        report(
          `Authorization ${a.name} targets unknown service ${a.target.service.namespace}/${a.target.service.name}.`,
          { kind: "AuthorizationPolicy", name: a.name, product: a.product },
          "Reference a service of the topology.",
        );
    }
    for (const p of ctx.topology.products) {
      if (p.dns && !clusters.has(p.dns.cluster))
        report(
          `Product ${p.name} publishes its DNS records from unknown cluster ${p.dns.cluster}.`,
          { kind: "DNSEndpoint", namespace: p.dns.namespace, name: dnsEndpointName(p), product: p.name },
          clusterHint,
        );
      for (const h of p.dns?.hosts ?? [])
        for (const r of h.records)
          if (r.gateway && !gatewayExists(r.gateway))
            report(
              `DNS set ${r.setIdentifier} of ${h.host} names unknown gateway ${r.gateway}.`,
              { kind: "DNSEndpoint", namespace: p.dns!.namespace, name: dnsEndpointName(p), product: p.name },
              "Use namespace/name of a gateway, or leave gateway out.",
            );
    }
    for (const f of ctx.topology.failover) {
      if (!products.has(f.product))
        report(
          `Failover names unknown product ${f.product}.`,
          { kind: "DestinationRule", name: f.product, product: f.product },
          productHint,
        );
    }
    for (const s of ctx.topology.successors) {
      for (const ref of [s.service, ...s.successors]) {
        const key = serviceKey(ref.namespace, ref.name);
        // The predecessor may already be gone after a split; successors must exist.
        if (ref !== s.service && !services.has(key))
          report(
            `Successor ${key} of ${serviceKey(s.service.namespace, s.service.name)} is not a known service.`,
            { kind: "Service", namespace: ref.namespace, name: ref.name },
            "Add the successor service or fix the reference.",
          );
      }
    }
    return out;
  },
};
