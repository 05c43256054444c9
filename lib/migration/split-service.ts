import {
  destinationNamespace,
  indexTopology,
  serviceKey,
  type HttpRule,
  type RouteMatch,
  type StringMatch,
  type Topology,
} from "@/lib/topology";
import { MigrationError } from "./migration-error";
import { finish, requireProduct, type StepResult } from "./step-result";

export interface SplitSuccessor {
  /** New service name, in the split service's namespace. */
  name: string;
  /** Paths it takes over, e.g. `{prefix: "/v1/payments/cards"}`. */
  paths: StringMatch[];
}

export interface SplitServiceOptions {
  product: string;
  service: { name: string; namespace: string };
  successors: SplitSuccessor[];
  /**
   * Remove the rules that still send traffic to the split service. Off by default: what no
   * successor takes over stays on it (as in the reference split).
   */
  retire?: boolean;
  /** Declare the successors for the contract check (default true). */
  declareSuccessors?: boolean;
}

/** Is every path `inner` matches also matched by `outer`? (exact/prefix only; regex never nests) */
function within(inner: StringMatch, outer: StringMatch | undefined): boolean {
  if (!outer) return true;
  const i = inner.exact ?? inner.prefix;
  if (i === undefined || outer.regex !== undefined) return false;
  if (outer.exact !== undefined) return inner.exact === outer.exact;
  return i.startsWith(outer.prefix!);
}

function describePath(m: StringMatch): string {
  return m.exact !== undefined ? `= ${m.exact}` : m.prefix !== undefined ? `${m.prefix}*` : `~ ${m.regex}`;
}

/**
 * Journey step 2: split a grown service into successors behind the same gateway. For each rule of
 * the product that reaches the service, rules for the successors' paths go in front of it (first
 * match wins) with the rule's method and header conditions, timeout and retries; the successors
 * become services of the product and are declared so the contract check accepts them.
 */
export function splitService(before: Topology, opts: SplitServiceOptions): StepResult {
  const topology = structuredClone(before);
  requireProduct(topology, opts.product);
  const index = indexTopology(before);
  const key = serviceKey(opts.service.namespace, opts.service.name);
  const original = topology.services.find((s) => serviceKey(s.namespace, s.name) === key);
  if (!original) throw new MigrationError(`Service ${key} is not in the topology.`);
  if (original.product !== opts.product)
    throw new MigrationError(`Service ${key} belongs to product ${original.product}, not ${opts.product}.`);
  if (opts.successors.length === 0) throw new MigrationError("Name at least one successor service.");
  const names = new Set<string>();
  for (const s of opts.successors) {
    if (names.has(s.name) || s.name === opts.service.name)
      throw new MigrationError(`Successor "${s.name}" is named twice or like the split service.`);
    names.add(s.name);
    if (s.paths.length === 0) throw new MigrationError(`Give successor "${s.name}" at least one path.`);
  }
  const changes: string[] = [];
  const notes: string[] = [];
  const mapped = new Map<string, number>();

  for (const route of topology.routes.filter((r) => r.product === opts.product)) {
    const beforeRoute =
      before.routes.find((r) => r.name === route.name && r.namespace === route.namespace) ?? route;
    const out: HttpRule[] = [];
    for (const rule of route.http) {
      const hits = rule.destinations.filter(
        (d) => serviceKey(destinationNamespace(d, beforeRoute, index), d.service) === key,
      );
      if (hits.length === 0) {
        out.push(rule);
        continue;
      }
      const port = hits[0]!.port;
      const conditions: RouteMatch[] = rule.match.length > 0 ? rule.match : [{}];
      for (const s of opts.successors) {
        const match: RouteMatch[] = [];
        for (const p of s.paths) {
          for (const m of conditions) {
            if (!within(p, m.path)) continue;
            match.push({ ...structuredClone(m), path: { ...p } });
            mapped.set(`${s.name} ${describePath(p)}`, (mapped.get(`${s.name} ${describePath(p)}`) ?? 0) + 1);
          }
        }
        if (match.length === 0) continue;
        const moved: HttpRule = {
          name: s.name,
          match,
          destinations: [
            { service: s.name, namespace: opts.service.namespace, ...(port !== undefined ? { port } : {}) },
          ],
          ...(rule.rewrite ? { rewrite: { ...rule.rewrite } } : {}),
          ...(rule.timeout ? { timeout: rule.timeout } : {}),
          ...(rule.retries ? { retries: { ...rule.retries } } : {}),
        } as HttpRule;
        out.push(moved);
        changes.push(
          `${route.host}: ${match.map((m) => describePath(m.path!)).join(", ")} → ${opts.service.namespace}/${s.name} (before rule ${rule.name ?? "unnamed"}).`,
        );
      }
      if (opts.retire) {
        changes.push(`${route.host}: rule ${rule.name ?? "unnamed"} no longer sends traffic to ${key}.`);
        continue;
      }
      out.push(rule);
    }
    route.http = out;
    if (route.http.length === 0)
      throw new MigrationError(`Route ${route.name} would have no rules left; keep the remainder on ${key}.`);
  }

  for (const s of opts.successors) {
    for (const p of s.paths) {
      if (!mapped.has(`${s.name} ${describePath(p)}`)) {
        notes.push(
          `Path ${describePath(p)} of ${s.name} is not under any rule that reaches ${key}; no traffic moves there.`,
        );
      }
    }
    if (!topology.services.some((x) => x.name === s.name && x.namespace === opts.service.namespace)) {
      const idx = topology.services.indexOf(original) + 1 + opts.successors.indexOf(s);
      topology.services.splice(idx, 0, { ...structuredClone(original), name: s.name, subsets: [] });
      changes.push(`New service ${opts.service.namespace}/${s.name} in ${original.clusters.join(", ")}.`);
    }
  }

  if (opts.declareSuccessors !== false) {
    const refs = opts.successors.map((s) => ({ name: s.name, namespace: opts.service.namespace }));
    const existing = topology.successors.find((x) => serviceKey(x.service.namespace, x.service.name) === key);
    if (existing) {
      for (const r of refs)
        if (!existing.successors.some((x) => x.name === r.name && x.namespace === r.namespace))
          existing.successors.push(r);
    } else {
      topology.successors.push({ service: { ...opts.service }, successors: refs });
    }
    changes.push(
      `Declare ${refs.map((r) => r.name).join(", ")} as successors of ${key} (the contract check accepts them for its calls).`,
    );
  }
  notes.push(
    `Deploy ${opts.successors.map((s) => s.name).join(", ")} in namespace ${opts.service.namespace} before applying: routes to missing endpoints answer 503.`,
  );
  return finish(topology, changes, notes);
}
