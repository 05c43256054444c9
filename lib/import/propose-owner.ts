import { DNS_LABEL } from "@/lib/validations/names";
import type { Topology } from "@/lib/topology";

/** Who should own a host, and why Portico thinks so; the user edits it before saving. */
export interface OwnerProposal {
  host: string;
  product: string;
  team: string;
  /** The signals that decided, in words. */
  reason: string;
}

/** What import saw about a host: where its VirtualServices/Ingresses live and where they send traffic. */
export interface HostEvidence {
  host: string;
  /** Namespaces of the VirtualServices or Ingresses serving the host. */
  routeNamespaces: string[];
  /** Namespaces of the backend services. */
  backendNamespaces: string[];
}

const SYSTEM_NAMESPACES = new Set(["istio-system", "default", "kube-system", "kube-public"]);

function firstLabel(host: string): string | undefined {
  const label = host.split(".")[0];
  return label && label !== "*" && DNS_LABEL.test(label) && host.includes(".") ? label : undefined;
}

/**
 * Proposes an owner per host from, in order of weight: a product of the current revision that
 * already lists the host or its namespaces, the first DNS label of the host (strongest when a
 * namespace starts with it, e.g. `analytics` for `analytics-ingest`), the VirtualService's
 * namespace and the backend services' namespaces.
 */
export function proposeOwner(evidence: HostEvidence, current?: Topology): OwnerProposal {
  const { host } = evidence;
  const claimed = current?.products.find((p) => p.hosts.includes(host));
  if (claimed) {
    return {
      host,
      product: claimed.name,
      team: claimed.teams[0] ?? claimed.name,
      reason: `already owned by product ${claimed.name} in the current revision`,
    };
  }
  const namespaces = [...evidence.routeNamespaces, ...evidence.backendNamespaces].filter(
    (n) => !SYSTEM_NAMESPACES.has(n),
  );
  const byNamespace = current?.products.find((p) => namespaces.some((n) => p.namespaces.includes(n)));
  if (byNamespace) {
    const ns = namespaces.find((n) => byNamespace.namespaces.includes(n))!;
    return {
      host,
      product: byNamespace.name,
      team: byNamespace.teams[0] ?? byNamespace.name,
      reason: `namespace ${ns} belongs to product ${byNamespace.name} in the current revision`,
    };
  }

  const scores = new Map<string, { score: number; reasons: string[] }>();
  const add = (product: string, score: number, reason: string) => {
    const s = scores.get(product) ?? { score: 0, reasons: [] };
    s.score += score;
    s.reasons.push(reason);
    scores.set(product, s);
  };
  const label = firstLabel(host);
  if (label) {
    add(label, 3, `first DNS label of ${host}`);
    const ns = namespaces.find((n) => n === label || n.startsWith(`${label}-`));
    if (ns) add(label, 2, `namespace ${ns} starts with it`);
  }
  for (const n of new Set(evidence.routeNamespaces))
    if (!SYSTEM_NAMESPACES.has(n)) add(n, 2, `VirtualService namespace ${n}`);
  for (const n of new Set(evidence.backendNamespaces))
    if (!SYSTEM_NAMESPACES.has(n)) add(n, 1, `backend service namespace ${n}`);
  const best = [...scores].sort(([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : 1))[0];
  if (!best)
    return {
      host,
      product: "unassigned",
      team: "unassigned",
      reason: "no signal: the host has no DNS label and lives in system namespaces; choose an owner",
    };
  return { host, product: best[0], team: best[0], reason: best[1].reasons.join("; ") };
}
