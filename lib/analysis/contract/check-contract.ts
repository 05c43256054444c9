import type { HttpRule, Topology } from "@/lib/topology";
import {
  destinationNamespace,
  gatewayRefString,
  indexTopology,
  routeBinding,
  routeClusters,
  routeNamespace,
  serviceKey,
  type TopologyIndex,
} from "@/lib/topology";
import { hostMatches } from "../hosts";
import { firstMatch, requestClasses, usesRegex, type RequestClass } from "./witnesses";

/** A call clients could make before that the after-state no longer honours. */
export interface BrokenCall {
  cluster: string;
  host: string;
  /** Method or `any method except …`. */
  method: string;
  /** Path; `…` stands for "anything else under this prefix". */
  path: string;
  /** Header conditions of the call class, if any. */
  headers?: Record<string, string>;
  /** `mesh` or the gateway (`ns/name`) the call arrives at. */
  entry: string;
  /** Services (`ns/name`) that answered before. */
  before: string[];
  /** Services that answer after; empty when nothing does. */
  after: string[];
  reason: string;
}

export interface ContractResult {
  ok: boolean;
  broken: BrokenCall[];
  /** Request classes checked (cluster × host × entry × class). */
  checked: number;
  /** True when regex matches made some verdicts rely on sampled values. */
  approximate: boolean;
}

interface Entry {
  /** Gateway ref or `mesh`. */
  scope: string;
  rules: HttpRule[];
  /** Route namespace per rule, to resolve destination namespaces. */
  routes: Array<{ ns: string; product: string }>;
}

/** cluster -> host -> scope -> rules in model order (Istio merges same-host routes in order). */
type Surface = Map<string, Map<string, Map<string, Entry>>>;

function surface(index: TopologyIndex): Surface {
  const out: Surface = new Map();
  for (const route of index.topology.routes) {
    const ns = routeNamespace(route, index);
    const binding = routeBinding(route, index);
    for (const cluster of routeClusters(route, index)) {
      const scopes = binding.gateways
        .filter((g) => g.placement.some((p) => p.cluster === cluster))
        .map(gatewayRefString);
      if (binding.mesh) scopes.push("mesh");
      const byHost = out.get(cluster) ?? new Map<string, Map<string, Entry>>();
      out.set(cluster, byHost);
      const byScope = byHost.get(route.host) ?? new Map<string, Entry>();
      byHost.set(route.host, byScope);
      for (const scope of scopes) {
        const e = byScope.get(scope) ?? { scope, rules: [], routes: [] };
        for (const r of route.http) {
          e.rules.push(r);
          e.routes.push({ ns, product: route.product });
        }
        byScope.set(scope, e);
      }
    }
  }
  return out;
}

interface Outcome {
  services: string[];
  rewrite?: string;
}

function outcome(entry: Entry, req: RequestClass, index: TopologyIndex): Outcome | undefined {
  const rule = firstMatch(entry.rules, req);
  if (!rule) return undefined;
  const i = entry.rules.indexOf(rule);
  const meta = entry.routes[i]!;
  const fakeRoute = { namespace: meta.ns, product: meta.product } as Parameters<
    typeof destinationNamespace
  >[1];
  const services = rule.destinations
    .filter((d) => d.weight === undefined || d.weight > 0)
    .map((d) => serviceKey(destinationNamespace(d, fakeRoute, index), d.service));
  // A redirect is an answer of its own: moving it to a service (or elsewhere) breaks the call.
  if (rule.redirect) {
    const r = rule.redirect;
    services.push(`redirect ${r.code} ${r.scheme ?? ""}://${r.authority ?? ""}${r.uri ?? ""}`);
  }
  const rewrite = rule.rewrite?.uri ?? rule.rewrite?.uriRegex?.substitution;
  return { services: [...new Set(services)].sort(), rewrite };
}

/**
 * What serves `host` per entry: the route for exactly that host, else (as Istio picks the most
 * specific host) the wildcard route with the longest matching suffix.
 */
const wildcardCache = new WeakMap<Map<string, Map<string, Entry>>, string[]>();

function scopesFor(byHost: Map<string, Map<string, Entry>> | undefined, host: string): Map<string, Entry> {
  const out = new Map<string, Entry>(byHost?.get(host) ?? []);
  if (!byHost) return out;
  // Wildcard hosts are few; listing them once per cluster keeps the check linear in hosts.
  let wildcards = wildcardCache.get(byHost);
  if (!wildcards) {
    wildcards = [...byHost.keys()].filter((h) => h.startsWith("*")).sort((a, b) => b.length - a.length);
    wildcardCache.set(byHost, wildcards);
  }
  for (const w of wildcards) {
    if (w === host || !hostMatches(w, host)) continue;
    for (const [scope, e] of byHost.get(w)!) if (!out.has(scope)) out.set(scope, e);
  }
  return out;
}

/** Services allowed to answer for `svc` after: itself and its declared successors, transitively. */
function allowed(svc: string, before: TopologyIndex, after: TopologyIndex): Set<string> {
  const out = new Set<string>([svc]);
  const queue = [svc];
  while (queue.length) {
    const s = queue.pop()!;
    for (const next of [...(after.successors.get(s) ?? []), ...(before.successors.get(s) ?? [])]) {
      if (!out.has(next)) {
        out.add(next);
        queue.push(next);
      }
    }
  }
  return out;
}

function gatewayExposes(index: TopologyIndex, scope: string, cluster: string, host: string): boolean {
  if (scope === "mesh") return false;
  const gw = index.gateways.get(scope);
  if (!gw || !gw.placement.some((p) => p.cluster === cluster)) return false;
  return gw.listeners.some((l) => l.hosts.some((h) => hostMatches(h, host)));
}

/**
 * Proves that every (host, method, path) routed before is still routed after, in the same cluster
 * and on the same kind of entry (gateway or mesh), to the same service or a declared successor;
 * lists the call classes that break and why.
 */
export function checkContract(before: Topology, after: Topology): ContractResult {
  const bIndex = indexTopology(before);
  const aIndex = indexTopology(after);
  const bSurface = surface(bIndex);
  const aSurface = surface(aIndex);
  const broken: BrokenCall[] = [];
  let checked = 0;
  let approximate = false;

  for (const [cluster, byHost] of [...bSurface].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const [host, bScopes] of [...byHost].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const aScopes = scopesFor(aSurface.get(cluster), host);
      const allRules = [...bScopes.values(), ...aScopes.values()].flatMap((e) => e.rules);
      if (usesRegex(allRules)) approximate = true;
      const classes = requestClasses(allRules);
      for (const req of classes) {
        // Before: what each entry does with this call.
        const bOut = new Map<string, Outcome>();
        for (const [scope, e] of bScopes) {
          const o = outcome(e, req, bIndex);
          if (o) bOut.set(scope, o);
        }
        if (bOut.size === 0) continue;
        checked++;
        const call = {
          cluster,
          host,
          method: req.methodDisplay,
          path: req.path.display,
          ...(Object.keys(req.headers).length
            ? { headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, v.display])) }
            : {}),
        };
        const kinds = new Set([...bOut.keys()].map((s) => (s === "mesh" ? "mesh" : "gateway")));
        for (const kind of kinds) {
          const aOut = new Map<string, Outcome>();
          for (const [scope, e] of aScopes) {
            if ((scope === "mesh" ? "mesh" : "gateway") !== kind) continue;
            const o = outcome(e, req, aIndex);
            if (o) aOut.set(scope, o);
          }
          const bKind = [...bOut].filter(([s]) => (s === "mesh" ? "mesh" : "gateway") === kind);
          const entry = bKind.map(([s]) => s).join(", ");
          const bServices = [...new Set(bKind.flatMap(([, o]) => o.services))].sort();
          if (aOut.size === 0) {
            broken.push({
              ...call,
              entry,
              before: bServices,
              after: [],
              reason:
                kind === "mesh"
                  ? "no longer routed for internal clients (mesh)"
                  : `no gateway in cluster ${cluster} routes it any more (404)`,
            });
            continue;
          }
          const ok = new Set(bServices.flatMap((s) => [...allowed(s, bIndex, aIndex)]));
          for (const [scope, o] of [...aOut].sort(([a], [b]) => (a < b ? -1 : 1))) {
            const wrong = o.services.filter((s) => !ok.has(s));
            if (wrong.length) {
              broken.push({
                ...call,
                entry: scope,
                before: bServices,
                after: o.services,
                reason: `routed to ${wrong.join(", ")}, which is neither the previous service nor a declared successor`,
              });
              continue;
            }
            const same = bKind.find(([, b]) => b.services.join() === o.services.join());
            if (same && same[1].rewrite !== o.rewrite) {
              broken.push({
                ...call,
                entry: scope,
                before: bServices,
                after: o.services,
                reason: `path rewrite changed from ${same[1].rewrite ?? "none"} to ${o.rewrite ?? "none"}`,
              });
            }
          }
          // A gateway that still receives the host but stopped routing the call answers 404 to
          // every client whose DNS still points at it: the "removed too early" cutover mistake.
          for (const [scope] of bKind) {
            if (aOut.has(scope) || !gatewayExposes(aIndex, scope, cluster, host)) continue;
            broken.push({
              ...call,
              entry: scope,
              before: bServices,
              after: [],
              reason: `gateway ${scope} still exposes ${host} but no longer routes this call (404 for clients not yet switched)`,
            });
          }
        }
      }
    }
  }
  return { ok: broken.length === 0, broken: collapse(broken), checked, approximate };
}

/** Folds "exactly L" and "anything else under L" with the same verdict into one `L*` entry. */
function collapse(broken: BrokenCall[]): BrokenCall[] {
  const key = (b: BrokenCall, path: string) =>
    JSON.stringify([
      b.cluster,
      b.host,
      b.method,
      path,
      b.headers ?? null,
      b.entry,
      b.before,
      b.after,
      b.reason,
    ]);
  const byKey = new Map(broken.map((b) => [key(b, b.path), b]));
  const out: BrokenCall[] = [];
  for (const b of broken) {
    if (b.path.endsWith("…") && byKey.has(key(b, b.path.slice(0, -1)))) continue;
    const under = byKey.get(key(b, `${b.path}…`));
    out.push(under ? { ...b, path: `${b.path}*` } : b);
  }
  return out;
}
