import type { StringMatch } from "@/lib/topology";
import {
  constraintsEmpty,
  extendConstraints,
  relate,
  type Constraint,
  type Domain,
  type Relation,
} from "./string-language";

/**
 * The space of HTTP requests (method, path, headers) and exact reasoning on it: a match is a box
 * (one condition per dimension), a region is a conjunction of conditions and their negations per
 * dimension. Dimensions are independent, so a region is empty exactly when one dimension is.
 */

/** `method`, `path`, or `h:<header name>`. */
export type Dim = string;
export type Box = ReadonlyArray<readonly [Dim, StringMatch]>;
export type Region = ReadonlyMap<Dim, readonly Constraint[]>;

export const EMPTY_REGION: Region = new Map();

export function headerDim(name: string): Dim {
  return `h:${name}`;
}

function domainOf(dim: Dim): Domain {
  return dim === "path" ? "path" : "value";
}

/** An Istio match as a box; an absent condition admits everything on its dimension. */
export function boxOf(m: {
  path?: StringMatch;
  method?: string;
  headers?: Record<string, StringMatch>;
}): Box {
  const out: Array<readonly [Dim, StringMatch]> = [];
  // Path first: splitting on it first keeps call classes grouped the way people read an API.
  if (m.path !== undefined) out.push(["path", m.path]);
  if (m.method !== undefined) out.push(["method", { exact: m.method }]);
  for (const name of Object.keys(m.headers ?? {}).sort()) out.push([headerDim(name), m.headers![name]!]);
  return out;
}

/** The requests of a box, as a region. */
export function regionOfBox(box: Box): Region {
  const out = new Map<Dim, Constraint[]>();
  for (const [d, m] of box) out.set(d, [...(out.get(d) ?? []), { match: m, not: false }]);
  return out;
}

/** No request has these values on `dim`. A header may be absent, which only negations admit. */
export function dimEmpty(dim: Dim, cs: readonly Constraint[]): boolean {
  if (dim.startsWith("h:") && cs.every((c) => c.not)) return false;
  return constraintsEmpty(cs, domainOf(dim));
}

export type { Relation };

// Regions share the condition lists of the dimensions a split did not touch, so a relation keyed
// by list identity is computed once per list, not once per region below it.
const relations = new WeakMap<readonly Constraint[], WeakMap<StringMatch, Relation>>();
// Reset by every partition: a caller may edit a match object in place between two checks.
let unconstrained = new Map<Dim, WeakMap<StringMatch, Relation>>();

/** How the requests a condition admits relate to a region on one dimension. */
export function relation(region: Region, dim: Dim, m: StringMatch): Relation {
  const cs = region.get(dim);
  let memo = cs ? relations.get(cs) : unconstrained.get(dim);
  if (!memo) {
    memo = new WeakMap();
    if (cs) relations.set(cs, memo);
    else unconstrained.set(dim, memo);
  }
  const hit = memo.get(m);
  if (hit) return hit;
  const list = cs ?? [];
  const absentAdmitted = dim.startsWith("h:") && list.every((c) => c.not);
  const r = relate(list, m, domainOf(dim), absentAdmitted);
  memo.set(m, r);
  return r;
}

export function refine(region: Region, dim: Dim, m: StringMatch, not: boolean): Region {
  const next = new Map(region);
  next.set(dim, extendConstraints(region.get(dim) ?? [], { match: m, not }));
  return next;
}

export type BoxStatus =
  { kind: "disjoint" } | { kind: "inside" } | { kind: "straddles"; dim: Dim; match: StringMatch };

/** Whether every, no or some requests of a (non-empty) region fall in a box. */
export function boxStatus(region: Region, box: Box): BoxStatus {
  let split: BoxStatus | undefined;
  for (const [dim, m] of box) {
    const r = relation(region, dim, m);
    if (r === "disjoint") return { kind: "disjoint" };
    if (r === "straddles" && !split) split = { kind: "straddles", dim, match: m };
  }
  return split ?? { kind: "inside" };
}

/** Some request lies in both boxes. */
export function boxesIntersect(a: Box, b: Box): boolean {
  const dims = new Map<Dim, Constraint[]>();
  for (const [d, m] of [...a, ...b]) dims.set(d, [...(dims.get(d) ?? []), { match: m, not: false }]);
  for (const [d, cs] of dims) if (dimEmpty(d, cs)) return false;
  return true;
}

export interface MatchItem<T> {
  box: Box;
  value: T;
}

export interface Leaf<T> {
  /** A non-empty set of requests every list treats uniformly. */
  region: Region;
  /** Per list, the value of the first item matching every request of the region, if any. */
  resolved: Array<T | undefined>;
}

export class PartitionBudgetError extends Error {}

/**
 * Splits the request space into regions on which every ordered list (first match wins, as Istio
 * evaluates merged VirtualService rules) picks one item, calling `onLeaf` for each region.
 *
 * Splits follow the first undecided item of a list, on one of its conditions only, so the work is
 * proportional to the conditions that actually decide something, not to the product of all value
 * classes of all headers. `budget` bounds the number of regions; exceeding it throws, and callers
 * treat that as "not proved", never as "holds".
 */
export function partition<T>(
  lists: ReadonlyArray<ReadonlyArray<MatchItem<T>>>,
  onLeaf: (leaf: Leaf<T>) => void,
  budget = 200_000,
  start: Region = EMPTY_REGION,
): number {
  unconstrained = new Map();
  const stack: Array<{ region: Region; ptr: number[] }> = [{ region: start, ptr: lists.map(() => 0) }];
  let leaves = 0;
  while (stack.length) {
    const { region, ptr } = stack.pop()!;
    const resolved: Array<T | undefined> = [];
    let split: { dim: Dim; match: StringMatch } | undefined;
    for (let i = 0; i < lists.length && !split; i++) {
      const list = lists[i]!;
      for (;;) {
        const item = list[ptr[i]!];
        if (!item) {
          resolved.push(undefined);
          break;
        }
        const s = boxStatus(region, item.box);
        if (s.kind === "disjoint") {
          ptr[i]!++;
          continue;
        }
        if (s.kind === "inside") resolved.push(item.value);
        else split = { dim: s.dim, match: s.match };
        break;
      }
    }
    if (!split) {
      if (++leaves > budget) throw new PartitionBudgetError(`more than ${budget} request classes`);
      onLeaf({ region, resolved });
      continue;
    }
    // "Not" first on the stack bottom so the regions come out in rule order.
    stack.push({ region: refine(region, split.dim, split.match, true), ptr: [...ptr] });
    stack.push({ region: refine(region, split.dim, split.match, false), ptr: [...ptr] });
  }
  return leaves;
}

/** Does a concrete request lie in a region? (Used to show and test verdicts.) */
export function regionAdmits(
  region: Region,
  test: (m: StringMatch, value: string) => boolean,
  request: { method: string; path: string; headers: Record<string, string | undefined> },
): boolean {
  for (const [dim, cs] of region) {
    const value =
      dim === "method" ? request.method : dim === "path" ? request.path : request.headers[dim.slice(2)];
    for (const c of cs) {
      const hit = value !== undefined && test(c.match, value);
      if (hit === c.not) return false;
    }
  }
  return true;
}

/** Drops conditions implied by the others, for display. */
export function simplifyRegion(region: Region): Region {
  const out = new Map<Dim, Constraint[]>();
  for (const [dim, cs] of region) {
    let kept = [...cs];
    for (const c of cs) {
      const rest = kept.filter((x) => x !== c);
      if (dimEmpty(dim, [...rest, { match: c.match, not: !c.not }])) kept = rest;
    }
    if (kept.length) out.set(dim, kept);
  }
  return out;
}
