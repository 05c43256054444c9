// What a team lead may see of a desired state: their teams' products, and of the shared gateways
// their routes use only the listeners' hosts that are theirs (or wildcards), so no other product's
// host is named. A view, not something to apply: a shared gateway stripped of other hosts would
// take them off the gateway. Pure.
import type { Finding } from "@/lib/analysis";
import { bareHost } from "@/lib/analysis/hosts";
import type { Topology } from "@/lib/topology";
import { productsSlice } from "./export-topology";

export function teamView(topology: Topology, products: readonly string[]): Topology {
  const slice = productsSlice(topology, products);
  const wanted = new Set(products);
  const visibleHosts = new Set(
    [...slice.products.flatMap((p) => p.hosts), ...slice.routes.map((r) => r.host)].map(bareHost),
  );
  const visible = (h: string) => visibleHosts.has(bareHost(h)) || bareHost(h).startsWith("*");
  return {
    ...slice,
    // The description is free text about the whole estate's latest change ("Gateway request for …").
    metadata: { ...slice.metadata, description: undefined },
    gateways: slice.gateways.map((g) =>
      g.product !== undefined && wanted.has(g.product)
        ? g
        : {
            ...g,
            listeners: g.listeners
              .map((l) => ({ ...l, hosts: l.hosts.filter(visible) }))
              .filter((l) => l.hosts.length > 0),
          },
    ),
  };
}

/**
 * The findings a team lead may read: those about their products only. A finding that also names
 * another product's object (a conflict with it, say) is left out: its message would name it.
 */
export function teamFindings(findings: readonly Finding[], products: readonly string[]): Finding[] {
  const wanted = new Set(products);
  return findings.filter((f) => {
    const owned = f.objects.filter((o) => o.product !== undefined);
    return owned.length > 0 && owned.every((o) => wanted.has(o.product!));
  });
}
