import { FIELD_MANAGER } from "@/lib/topology/ownership";
/** Metadata the API server owns; never part of a comparison. */
const SERVER_METADATA = new Set([
  "managedFields",
  "resourceVersion",
  "uid",
  "generation",
  "creationTimestamp",
  "selfLink",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "ownerReferences",
  "finalizers",
  "generateName",
]);

/** Annotations written by tools and controllers rather than by the desired state. */
const SERVER_ANNOTATIONS = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  "deployment.kubernetes.io/revision",
  "autoscaling.alpha.kubernetes.io/conditions",
]);

/**
 * Fields the API server or controllers fill in when the desired object leaves them out (`[]`
 * stands for any array index). Extra live fields elsewhere are real drift and show in the diff.
 */
const SERVER_DEFAULTS = [
  "spec.progressDeadlineSeconds",
  "spec.revisionHistoryLimit",
  "spec.strategy",
  "spec.replicas",
  "spec.template.metadata.creationTimestamp",
  "spec.template.spec.dnsPolicy",
  "spec.template.spec.restartPolicy",
  "spec.template.spec.schedulerName",
  "spec.template.spec.terminationGracePeriodSeconds",
  "spec.template.spec.serviceAccount",
  "spec.template.spec.containers[].terminationMessagePath",
  "spec.template.spec.containers[].terminationMessagePolicy",
  "spec.template.spec.containers[].imagePullPolicy",
  "spec.template.spec.containers[].env",
  "spec.template.spec.containers[].ports",
  "spec.template.spec.containers[].args",
  "spec.template.spec.containers[].volumeMounts",
  "spec.template.spec.containers[].readinessProbe",
  "spec.template.spec.volumes",
  "spec.clusterIP",
  "spec.clusterIPs",
  "spec.ipFamilies",
  "spec.ipFamilyPolicy",
  "spec.sessionAffinity",
  "spec.internalTrafficPolicy",
  "spec.externalTrafficPolicy",
  "spec.allocateLoadBalancerNodePorts",
  "spec.healthCheckNodePort",
  "spec.ports[].nodePort",
  "spec.ports[].protocol",
  "spec.behavior",
  "spec.unhealthyPodEvictionPolicy",
  // Namespace: the server adds spec.finalizers; Portico's namespaces carry no spec.
  "spec",
  "secrets",
];

const DEFAULTS = new Set(SERVER_DEFAULTS);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** One step down an object: a field name, or an array item with its index. */
type Step = { field: string } | { index: number; item: unknown };

/**
 * The field manager Portico applies with (lib/k8s's FIELD_MANAGER; compare-object.test.ts keeps
 * them equal). A field only Portico owns and does not render is inside a value Portico owns as a
 * whole (an atomic list) and was filled in by the server.
 */

/**
 * Whether a field manager other than Portico (and not a subresource writer such as a status
 * controller) owns the value at `steps`. Fields nobody else owns were filled in by the API server
 * (defaults), not by a person or tool. An entry whose set ends above the path (an atomic list or
 * map) owns everything below it.
 */
function ownedByAnotherManager(managedFields: readonly unknown[], steps: readonly Step[]): boolean {
  return managedFields.some((entry) => {
    if (!isPlainObject(entry) || entry.subresource || entry.manager === FIELD_MANAGER) return false;
    let node: unknown = entry.fieldsV1;
    for (const step of steps) {
      if (!isPlainObject(node)) return false;
      if (Object.keys(node).length === 0) return true; // atomic: owns the whole value below
      node = "field" in step ? node[`f:${step.field}`] : itemNode(node, step);
      if (node === undefined) return false;
    }
    return isPlainObject(node);
  });
}

/** The fieldsV1 node of one list item: by its key fields (`k:`), its index (`i:`) or its value (`v:`). */
function itemNode(node: Record<string, unknown>, step: { index: number; item: unknown }): unknown {
  if (`i:${step.index}` in node) return node[`i:${step.index}`];
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith("v:") && k.slice(2) === JSON.stringify(step.item)) return v;
    if (!k.startsWith("k:") || !isPlainObject(step.item)) continue;
    try {
      const key = JSON.parse(k.slice(2)) as Record<string, unknown>;
      const item = step.item;
      if (Object.entries(key).every(([kk, kv]) => JSON.stringify(item[kk]) === JSON.stringify(kv))) return v;
    } catch {
      // not a key this reader understands: no match
    }
  }
  return undefined;
}

/** The path to a value as a chain to its parent: cheap to extend, made a list only when needed. */
type Chain = { prev: Chain | undefined; step: Step } | undefined;

function stepsOf(chain: Chain): Step[] {
  const out: Step[] = [];
  for (let c = chain; c; c = c.prev) out.push(c.step);
  return out.reverse();
}

function project(
  live: unknown,
  desired: unknown,
  path: string,
  chain: Chain,
  managedFields: readonly unknown[] | undefined,
  extras: Step[][],
): unknown {
  if (Array.isArray(live) && Array.isArray(desired)) {
    return live.map((item, i) => {
      const at: Chain = { prev: chain, step: { index: i, item } };
      // Items beyond the desired list were added by someone else (lists of Portico's kinds are
      // replaced as a whole, so the item is only kept by the comparison, never merged).
      if (i >= desired.length) extras.push(stepsOf(at));
      return project(item, desired[i], `${path}[]`, at, managedFields, extras);
    });
  }
  if (!isPlainObject(live) || !isPlainObject(desired)) return live;
  const out: Record<string, unknown> = {};
  // Other tools and the server (e.g. kubernetes.io/metadata.name) add labels and annotations that
  // server-side apply leaves alone; only Portico's own keys are drift when unexpected.
  const ownKeysOnly = path === "metadata.labels" || path === "metadata.annotations";
  for (const [k, v] of Object.entries(live)) {
    const p = path ? `${path}.${k}` : k;
    const at: Chain = { prev: chain, step: { field: k } };
    if (k in desired) out[k] = project(v, desired[k], p, at, managedFields, extras);
    else if (ownKeysOnly) {
      if (k.startsWith("portico.dev/") || k === "app.kubernetes.io/managed-by") {
        out[k] = v;
        extras.push(stepsOf(at));
      }
    } else if (!DEFAULTS.has(p) && (!managedFields || ownedByAnotherManager(managedFields, stepsOf(at)))) {
      // Note: without managedFields (a file from `kubectl get -o yaml`) every field outside the
      // known defaults counts; with them, only fields some manager set do.
      out[k] = v;
      extras.push(stepsOf(at));
    }
  }
  return out;
}

/**
 * The live object as comparable with the desired one: server-owned metadata, status and server
 * defaults removed; everything else kept so real drift shows up. When the live object carries
 * managedFields, fields no manager owns are server defaults and are left out too.
 */
export function normalizeLive(
  live: Record<string, unknown>,
  desired?: Record<string, unknown>,
): Record<string, unknown> {
  return normalizeLiveWithExtras(live, desired).normalized;
}

/**
 * As normalizeLive, and the JSON pointers of the live fields that count although the desired
 * object does not set them (added by another tool or a person): what a revert has to remove.
 */
export function normalizeLiveWithExtras(
  live: Record<string, unknown>,
  desired?: Record<string, unknown>,
): { normalized: Record<string, unknown>; extras: string[] } {
  const copy: Record<string, unknown> = { ...live };
  delete copy.status;
  const meta = isPlainObject(copy.metadata) ? { ...copy.metadata } : {};
  const managedFields = Array.isArray(meta.managedFields) ? (meta.managedFields as unknown[]) : undefined;
  for (const k of SERVER_METADATA) delete meta[k];
  if (isPlainObject(meta.annotations)) {
    const ann = Object.fromEntries(
      Object.entries(meta.annotations).filter(([k]) => !SERVER_ANNOTATIONS.has(k)),
    );
    if (Object.keys(ann).length) meta.annotations = ann;
    else delete meta.annotations;
  }
  copy.metadata = meta;
  if (!desired) return { normalized: copy, extras: [] };
  const extras: Step[][] = [];
  const normalized = project(copy, desired, "", undefined, managedFields, extras) as Record<string, unknown>;
  return { normalized, extras: extras.map(toPointer) };
}

function toPointer(steps: Step[]): string {
  return steps
    .map((s) => `/${"field" in s ? s.field.replace(/~/g, "~0").replace(/\//g, "~1") : s.index}`)
    .join("");
}
