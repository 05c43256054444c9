import type { Topology } from "@/lib/topology";
import type { RenderFormat } from "@/lib/istio/render-cluster";
import { MESH, indexTopology, serviceHost, type TopologyIndex } from "@/lib/topology";
import { bareHost, hostMatches } from "../hosts";
import { boxOf, partition, PartitionBudgetError, type MatchItem, type Region } from "../request-space";
import { UndecidableRegexError } from "../string-language";
import {
  afterPlane,
  beforePlane,
  planeOfObjects,
  planeOfTopology,
  type ClusterPlane,
  type LiveObjects,
  type Plane,
  type RulePlane,
  type RoutePlane,
} from "./data-plane";
import { describeRegion } from "./describe-region";

/** A call clients could make before that the after-state answers differently. */
export interface BrokenCall {
  cluster: string;
  host: string;
  /** Method class, e.g. `GET` or `any method except GET, POST`. */
  method: string;
  /** Path class: `/v1/payments*` (prefix), `~regex`, `… except …` for what the class leaves out. */
  path: string;
  /** Header conditions of the call class, if any. */
  headers?: Record<string, string>;
  /** `mesh` or the gateway (`ns/name`) the call arrives at. */
  entry: string;
  /** Port the call arrives on (gateway listener, or the Service port a mesh client calls). */
  port?: number;
  /** For mesh calls: the declared internal clients (`ns/name`) that make it. */
  clients?: string[];
  /** Services (`ns/name`) that answered before. */
  before: string[];
  /** Services that answer after; empty when nothing does. */
  after: string[];
  reason: string;
  /** The call class exactly, as conditions per dimension (`method`, `path`, `h:<header>`). */
  region: Array<{ dim: string; match: { exact?: string; prefix?: string; regex?: string }; not: boolean }>;
}

export interface ContractResult {
  /** True when no call class breaks (changed ones, answered by a declared successor, are allowed). */
  ok: boolean;
  broken: BrokenCall[];
  /** Call classes answered after by a declared successor instead of the service that answered before. */
  changed: BrokenCall[];
  /** Call classes checked (cluster × host × entry × class of requests answered before). */
  checked: number;
}

export interface ContractOptions {
  /**
   * What the clusters hold now, by cluster name (imported or read live). It joins the before state,
   * and objects Portico does not manage keep their live form after the change.
   */
  live?: LiveObjects;
  /**
   * `gateway-api`: both documents as rendered in that format, so calls on product gateways follow
   * Gateway API's precedence and PathPrefix, and a route the renderer refuses answers nothing.
   */
  format?: RenderFormat;
}

type Outcome =
  | { kind: "none" }
  | { kind: "failed"; why: string }
  | { kind: "routed"; dests: Array<{ service: string; port?: number }>; rewrite?: string };

interface Family {
  cluster: string;
  host: string;
  entry: string;
  port?: number;
  clients?: string[];
}

interface Ctx {
  before: Plane;
  after: Plane;
  bIndex: TopologyIndex;
  aIndex: TopologyIndex;
  broken: BrokenCall[];
  changed: BrokenCall[];
  checked: number;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** VirtualService hosts are matched after expanding short names the way Istio does. */
function fqdn(host: string, ns: string): string {
  if (host.includes("*")) return host;
  const dots = host.split(".").length - 1;
  if (dots === 0) return serviceHost(host, ns);
  if (dots === 1) return `${host}.svc.cluster.local`;
  return host;
}

interface ScopeRoutes {
  byHost: Map<string, RoutePlane[]>;
  /** Wildcard hosts, most specific first. */
  wildcards: string[];
}

/** Lookups built once per cluster state, so the check stays linear in hosts, gateways and routes. */
interface ClusterIndex {
  /** Per gateway ref (and `mesh`, by fully qualified host), its routes by host in order. */
  routes: Map<string, ScopeRoutes>;
  /** Gateway servers by exact host, and the wildcard ones. */
  listeners: Map<string, Array<{ gateway: string; port: number }>>;
  wildcardListeners: Array<{ gateway: string; port: number; host: string }>;
}

const indexes = new WeakMap<ClusterPlane, ClusterIndex>();

function clusterIndex(cp: ClusterPlane): ClusterIndex {
  let idx = indexes.get(cp);
  if (idx) return idx;
  idx = { routes: new Map(), listeners: new Map(), wildcardListeners: [] };
  for (const r of cp.routes) {
    for (const scope of new Set(r.gateways)) {
      const sr: ScopeRoutes = idx.routes.get(scope) ?? { byHost: new Map(), wildcards: [] };
      idx.routes.set(scope, sr);
      for (const h of new Set(scope === MESH ? r.hosts.map((x) => fqdn(x, r.namespace)) : r.hosts)) {
        const list = sr.byHost.get(h);
        if (list) list.push(r);
        else {
          sr.byHost.set(h, [r]);
          if (h.startsWith("*")) sr.wildcards.push(h);
        }
      }
    }
  }
  for (const sr of idx.routes.values()) sr.wildcards.sort((a, b) => b.length - a.length);
  for (const g of cp.gateways.values()) {
    for (const l of g.listeners) {
      for (const h of l.hosts) {
        const bare = bareHost(h);
        if (bare.startsWith("*")) idx.wildcardListeners.push({ gateway: g.ref, port: l.port, host: bare });
        else idx.listeners.set(bare, [...(idx.listeners.get(bare) ?? []), { gateway: g.ref, port: l.port }]);
      }
    }
  }
  indexes.set(cp, idx);
  return idx;
}

/** The routes that serve `host`: exactly that host, else the most specific wildcard (Istio's pick). */
function routesFor(cp: ClusterPlane | undefined, scope: string, host: string): RoutePlane[] {
  const sr = cp && clusterIndex(cp).routes.get(scope);
  if (!sr) return [];
  const exact = sr.byHost.get(host);
  if (exact) return exact;
  const w = sr.wildcards.find((x) => hostMatches(x, host));
  return w ? sr.byHost.get(w)! : [];
}

/** Gateway servers (gateway, port) of a cluster that take `host`. */
function scopesTaking(cp: ClusterPlane | undefined, host: string): Array<{ gateway: string; port: number }> {
  if (!cp) return [];
  const idx = clusterIndex(cp);
  const out = new Map<string, { gateway: string; port: number }>();
  if (!host.startsWith("*"))
    for (const s of idx.listeners.get(host) ?? []) out.set(`${s.gateway}:${s.port}`, s);
  for (const s of idx.wildcardListeners)
    if (listenerTakes(s.host, host)) out.set(`${s.gateway}:${s.port}`, { gateway: s.gateway, port: s.port });
  return [...out.values()].sort((a, b) => byString(`${a.gateway}:${a.port}`, `${b.gateway}:${b.port}`));
}

interface Resolved {
  items: Array<MatchItem<RulePlane>>;
  /** Why the entry cannot be reasoned about. */
  opaque?: string;
  /** The Service port a direct mesh call uses when a rule names none. */
  port?: number;
}

function itemsOf(routes: readonly RoutePlane[]): Resolved {
  const opaque = routes.find((r) => r.opaque)?.opaque;
  const items: Array<MatchItem<RulePlane>> = [];
  for (const r of routes)
    for (const rule of r.rules)
      for (const m of rule.match.length ? rule.match : [{}]) items.push({ box: boxOf(m), value: rule });
  return { items, ...(opaque ? { opaque } : {}) };
}

/**
 * Does a listener take `host`? A wildcard `host` stands for every host under it that no exact or
 * more specific name covers, so only a listener host covering all of them takes it.
 */
function listenerTakes(listenerHost: string, host: string): boolean {
  if (!hostMatches(listenerHost, host)) return false;
  if (!host.startsWith("*")) return true;
  const l = bareHost(listenerHost);
  return l === "*" || (l.startsWith("*.") && host.endsWith(l.slice(1)));
}

function gatewayRouting(cp: ClusterPlane | undefined, gateway: string, host: string): Resolved {
  return itemsOf(routesFor(cp, gateway, host));
}

/** What a sidecar in `cluster` does with a call to `host`: mesh routes, the Service, or a gateway. */
function meshRouting(plane: Plane, cluster: string, host: string, port: number | undefined): Resolved {
  const cp = plane.clusters.get(cluster);
  const routes = routesFor(cp, MESH, host);
  if (routes.length) return { ...itemsOf(routes), ...(port !== undefined ? { port } : {}) };
  const svc = serviceOfFqdn(host);
  if (svc && plane.services.has(svc)) {
    const rule: RulePlane = { match: [], dests: [{ service: svc, ...(port !== undefined ? { port } : {}) }] };
    return { items: [{ box: [], value: rule }] };
  }
  const published = cp?.published.get(host);
  if (published) {
    const gcp = plane.clusters.get(published.cluster);
    const g = gcp?.gateways.get(published.gateway);
    if (g?.listeners.some((l) => l.hosts.some((h) => listenerTakes(h, host))))
      return gatewayRouting(gcp, published.gateway, host);
  }
  return { items: [] };
}

function serviceOfFqdn(host: string): string | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(host);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

const NONE: Outcome = { kind: "none" };
const outcomes = new WeakMap<Plane, WeakMap<RulePlane, Map<number | undefined, Outcome>>>();

/** What a rule answers in a state; memoized, since every call class of a host asks again. */
function outcomeOf(
  rule: RulePlane | undefined,
  plane: Plane,
  other: Plane,
  requestPort: number | undefined,
): Outcome {
  if (!rule) return NONE;
  let byRule = outcomes.get(plane);
  if (!byRule) outcomes.set(plane, (byRule = new WeakMap()));
  let byPort = byRule.get(rule);
  if (!byPort) byRule.set(rule, (byPort = new Map()));
  let o = byPort.get(requestPort);
  if (!o) byPort.set(requestPort, (o = computeOutcome(rule, plane, other, requestPort)));
  return o;
}

function computeOutcome(
  rule: RulePlane,
  plane: Plane,
  other: Plane,
  requestPort: number | undefined,
): Outcome {
  const dests: Array<{ service: string; port?: number }> = [];
  for (const d of rule.dests) {
    if (d.weight === 0) continue;
    const ports = plane.services.get(d.service);
    const known = ports !== undefined || other.services.has(d.service);
    const port = d.port ?? (ports?.length === 1 ? ports[0] : requestPort);
    if (known && !ports) return { kind: "failed", why: `Service ${d.service} does not exist` };
    if (ports && port !== undefined && !ports.includes(port))
      return { kind: "failed", why: `Service ${d.service} does not expose port ${port}` };
    dests.push({ service: d.service, ...(port !== undefined ? { port } : {}) });
  }
  dests.sort((a, b) => byString(`${a.service}:${a.port}`, `${b.service}:${b.port}`));
  return { kind: "routed", dests, ...(rule.rewrite ? { rewrite: rule.rewrite } : {}) };
}

/** Services allowed to answer for `svc` after: itself and its declared successors, transitively. */
function allowed(svc: string, ctx: Ctx): Set<string> {
  const out = new Set<string>([svc]);
  const queue = [svc];
  while (queue.length) {
    const s = queue.pop()!;
    for (const next of [...(ctx.aIndex.successors.get(s) ?? []), ...(ctx.bIndex.successors.get(s) ?? [])]) {
      if (!out.has(next)) {
        out.add(next);
        queue.push(next);
      }
    }
  }
  return out;
}

type Verdict = { kind: "same" } | { kind: "changed" | "broken"; reason: string };

function compare(b: Extract<Outcome, { kind: "routed" }>, a: Outcome, ctx: Ctx, why404: string): Verdict {
  if (a.kind === "none") return { kind: "broken", reason: why404 };
  if (a.kind === "failed") return { kind: "broken", reason: `${a.why} (503)` };
  const key = (o: typeof b) => JSON.stringify([o.dests, o.rewrite ?? null]);
  if (key(a) === key(b)) return { kind: "same" };
  const ok = new Set(b.dests.flatMap((d) => [...allowed(d.service, ctx)]));
  const wrong = a.dests.filter((d) => !ok.has(d.service)).map((d) => d.service);
  if (wrong.length)
    return {
      kind: "broken",
      reason: `routed to ${wrong.join(", ")}, which is neither the previous service nor a declared successor`,
    };
  for (const d of a.dests) {
    const was = b.dests.find((x) => x.service === d.service);
    if (was && was.port !== d.port)
      return {
        kind: "broken",
        reason: `destination port of ${d.service} changed from ${was.port} to ${d.port}`,
      };
  }
  if ((a.rewrite ?? null) !== (b.rewrite ?? null))
    return {
      kind: "broken",
      reason: `path rewrite changed from ${b.rewrite ?? "none"} to ${a.rewrite ?? "none"}`,
    };
  return {
    kind: "changed",
    reason: `answered by declared successor ${a.dests.map((d) => d.service).join(", ")}`,
  };
}

function services(o: Outcome): string[] {
  return o.kind === "routed" ? [...new Set(o.dests.map((d) => d.service))].sort() : [];
}

function regionOut(region: Region): BrokenCall["region"] {
  return [...region].flatMap(([dim, cs]) => cs.map((c) => ({ dim, match: { ...c.match }, not: c.not })));
}

function record(ctx: Ctx, f: Family, region: Region, b: Outcome, a: Outcome[], v: Verdict, entry = f.entry) {
  if (v.kind === "same") return;
  const call: BrokenCall = {
    cluster: f.cluster,
    host: f.host,
    ...describeRegion(region),
    entry,
    ...(f.port !== undefined ? { port: f.port } : {}),
    ...(f.clients ? { clients: f.clients } : {}),
    before: services(b),
    after: [...new Set(a.flatMap(services))].sort(),
    reason: v.reason,
    region: regionOut(region),
  };
  (v.kind === "broken" ? ctx.broken : ctx.changed).push(call);
}

/** A family that cannot be decided is never said to hold. */
function undecided(ctx: Ctx, f: Family, why: string) {
  ctx.broken.push({
    cluster: f.cluster,
    host: f.host,
    method: "any method",
    path: "/*",
    entry: f.entry,
    ...(f.port !== undefined ? { port: f.port } : {}),
    ...(f.clients ? { clients: f.clients } : {}),
    before: [],
    after: [],
    reason: `cannot be proved: ${why}`,
    region: [],
  });
}

function run(
  ctx: Ctx,
  f: Family,
  lists: Resolved[],
  onLeaf: (resolved: Array<RulePlane | undefined>, region: Region) => void,
) {
  const opaque = lists.find((l) => l.opaque)?.opaque;
  if (opaque) return undecided(ctx, f, opaque);
  try {
    partition(
      lists.map((l) => l.items),
      (leaf) => onLeaf(leaf.resolved, leaf.region),
    );
  } catch (e) {
    if (e instanceof UndecidableRegexError || e instanceof PartitionBudgetError)
      return undecided(ctx, f, e.message);
    throw e;
  }
}

/**
 * Calls that enter a gateway of `cluster` for `host`. A client of a gateway that still exposes the
 * host on the port gets that gateway's answer; a client of a gateway that stopped exposing it
 * follows DNS to another gateway of the cluster exposing it on the same port, so one of them must
 * answer the same.
 */
function checkGatewayHost(ctx: Ctx, cluster: string, host: string) {
  const bc = ctx.before.clusters.get(cluster);
  const ac = ctx.after.clusters.get(cluster);
  const bAll = scopesTaking(bc, host).map((s) => ({ s, routing: gatewayRouting(bc, s.gateway, host) }));
  const bScopes = bAll.filter((x) => x.routing.items.length || x.routing.opaque).map((x) => x.s);
  if (!bScopes.length) return;
  const aScopes = scopesTaking(ac, host);
  const bLists = bAll.filter((x) => x.routing.items.length || x.routing.opaque).map((x) => x.routing);
  const aLists = aScopes.map((s) => gatewayRouting(ac, s.gateway, host));
  const fam = { cluster, host, entry: bScopes.map((s) => s.gateway).join(", ") };
  run(ctx, fam, [...bLists, ...aLists], (resolved, region) => {
    let answered = false;
    bScopes.forEach((s, i) => {
      const b = outcomeOf(resolved[i], ctx.before, ctx.after, s.port);
      if (b.kind !== "routed") return;
      answered = true;
      const f: Family = { cluster, host, entry: s.gateway, port: s.port };
      const j = aScopes.findIndex((x) => x.gateway === s.gateway && x.port === s.port);
      if (j >= 0) {
        const a = outcomeOf(resolved[bScopes.length + j], ctx.after, ctx.before, s.port);
        record(
          ctx,
          f,
          region,
          b,
          [a],
          compare(
            b,
            a,
            ctx,
            `gateway ${s.gateway} still exposes ${host} on port ${s.port} but no longer routes this call (404 for clients not yet switched)`,
          ),
        );
        return;
      }
      const alternatives = aScopes
        .map((x, k) => ({ x, a: outcomeOf(resolved[bScopes.length + k], ctx.after, ctx.before, s.port) }))
        .filter(({ x }) => x.port === s.port);
      const verdicts = alternatives.map(({ a }) => compare(b, a, ctx, ""));
      if (verdicts.some((v) => v.kind === "same")) return;
      const changed = verdicts.findIndex((v) => v.kind === "changed");
      if (changed >= 0)
        return record(
          ctx,
          f,
          region,
          b,
          [alternatives[changed]!.a],
          verdicts[changed]!,
          alternatives[changed]!.x.gateway,
        );
      record(
        ctx,
        f,
        region,
        b,
        alternatives.map((x) => x.a),
        {
          kind: "broken",
          reason: alternatives.length
            ? `gateway ${s.gateway} no longer exposes ${host} on port ${s.port} and no other gateway of cluster ${cluster} answers this call the same`
            : `no gateway in cluster ${cluster} routes it any more on port ${s.port} (404)`,
        },
      );
    });
    if (answered) ctx.checked++;
  });
}

/** Calls internal clients in `cluster` make to `host`, through their sidecars. */
function checkMeshHost(ctx: Ctx, cluster: string, host: string, clients: string[]) {
  const svc = serviceOfFqdn(host);
  const ports = (svc && ctx.before.services.get(svc)) || [undefined];
  for (const port of ports) {
    const f: Family = { cluster, host, entry: MESH, clients, ...(port !== undefined ? { port } : {}) };
    const b = meshRouting(ctx.before, cluster, host, port);
    if (!b.items.length && !b.opaque) continue;
    const a = meshRouting(ctx.after, cluster, host, port);
    run(ctx, f, [b, a], (resolved, region) => {
      const bo = outcomeOf(resolved[0], ctx.before, ctx.after, port);
      if (bo.kind !== "routed") return;
      ctx.checked++;
      const ao = outcomeOf(resolved[1], ctx.after, ctx.before, port);
      record(ctx, f, region, bo, [ao], compare(bo, ao, ctx, "no longer routed for internal clients (mesh)"));
    });
  }
}

/**
 * Proves that no call answered before is answered differently after: every gateway call (cluster,
 * gateway, port, host, method, path, headers) and every call a declared internal client makes to a
 * called host or to any Service of the estate, decided exactly over the request space (regexes as
 * automata). Calls answered after by a declared successor are listed as changed, not broken.
 *
 * The old two-argument form still works; pass `live` when the clusters' objects are known.
 */
export function checkContract(before: Topology, after: Topology, opts: ContractOptions = {}): ContractResult {
  const docBefore = planeOfTopology(before, { format: opts.format });
  const docAfter = planeOfTopology(after, { format: opts.format });
  const live = opts.live ? planeOfObjects(opts.live) : undefined;
  const ctx: Ctx = {
    before: beforePlane(docBefore, live),
    after: afterPlane(docBefore, docAfter, live),
    bIndex: indexTopology(before),
    aIndex: indexTopology(after),
    broken: [],
    changed: [],
    checked: 0,
  };

  // Every host named on either side is a class of its own: a request for a host that only the
  // after-state names exactly was answered before by a wildcard route, and must be checked.
  for (const cluster of [...ctx.before.clusters.keys()].sort(byString)) {
    const hosts = new Set<string>();
    for (const cp of [ctx.before.clusters.get(cluster), ctx.after.clusters.get(cluster)]) {
      for (const r of cp?.routes ?? [])
        if (r.gateways.some((g) => g !== MESH)) for (const h of r.hosts) hosts.add(h);
      for (const g of cp?.gateways.values() ?? [])
        for (const l of g.listeners) for (const h of l.hosts) hosts.add(bareHost(h));
    }
    for (const host of [...hosts].sort(byString)) checkGatewayHost(ctx, cluster, host);
  }

  // Every declared client, in every cluster it runs in, calling what it declares and every Service.
  const serviceHosts = [...new Set([...ctx.before.services.keys(), ...ctx.after.services.keys()])].map(
    (k) => {
      const [ns, name] = k.split("/");
      return serviceHost(name!, ns!);
    },
  );
  const meshCalls = new Map<string, { cluster: string; host: string; clients: Set<string> }>();
  for (const c of [...before.clients, ...after.clients]) {
    for (const cluster of c.clusters) {
      for (const host of [...c.calls, ...serviceHosts]) {
        const k = `${cluster}\u0000${host}`;
        const e = meshCalls.get(k) ?? { cluster, host, clients: new Set<string>() };
        e.clients.add(`${c.namespace}/${c.name}`);
        meshCalls.set(k, e);
      }
    }
  }
  for (const k of [...meshCalls.keys()].sort(byString)) {
    const e = meshCalls.get(k)!;
    checkMeshHost(ctx, e.cluster, e.host, [...e.clients].sort());
  }

  const broken = mergeSiblings(ctx.broken);
  return { ok: broken.length === 0, broken, changed: mergeSiblings(ctx.changed), checked: ctx.checked };
}

/**
 * Joins call classes with the same verdict that differ only in one condition taken both ways
 * (`X and /a*`, `X except /a*` → `X`), so a report names whole classes instead of split pieces.
 */
function mergeSiblings(calls: BrokenCall[]): BrokenCall[] {
  const groups = new Map<string, BrokenCall[]>();
  for (const c of calls) {
    const k = JSON.stringify([c.cluster, c.host, c.entry, c.port, c.clients, c.before, c.after, c.reason]);
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const out: BrokenCall[] = [];
  for (const group of groups.values()) {
    let regions = group.map((c) => c.region);
    for (let merged = true; merged && regions.length > 1 && regions.length <= 256;) {
      merged = false;
      const seen = new Map<string, number>();
      for (let i = 0; i < regions.length && !merged; i++) {
        const r = regions[i]!;
        for (let j = 0; j < r.length && !merged; j++) {
          const rest = JSON.stringify([j, r.slice(0, j), r.slice(j + 1), r[j]!.dim, r[j]!.match]);
          const k = `${rest}|${r[j]!.not}`;
          const twin = seen.get(`${rest}|${!r[j]!.not}`);
          if (twin !== undefined) {
            regions = [
              ...regions.filter((_, x) => x !== i && x !== twin),
              [...r.slice(0, j), ...r.slice(j + 1)],
            ];
            merged = true;
          } else seen.set(k, i);
        }
      }
    }
    for (const region of regions) {
      const restored = new Map<
        string,
        Array<{ match: BrokenCall["region"][number]["match"]; not: boolean }>
      >();
      for (const c of region)
        restored.set(c.dim, [...(restored.get(c.dim) ?? []), { match: c.match, not: c.not }]);
      out.push({ ...group[0]!, ...describeRegion(restored), region });
    }
  }
  return out;
}
