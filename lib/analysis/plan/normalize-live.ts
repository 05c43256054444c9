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

function project(live: unknown, desired: unknown, path: string): unknown {
  if (Array.isArray(live) && Array.isArray(desired)) {
    return live.map((item, i) => project(item, desired[i], `${path}[]`));
  }
  if (!isPlainObject(live) || !isPlainObject(desired)) return live;
  const out: Record<string, unknown> = {};
  // Other tools and the server (e.g. kubernetes.io/metadata.name) add labels and annotations that
  // server-side apply leaves alone; only Portico's own keys are drift when unexpected.
  const ownKeysOnly = path === "metadata.labels" || path === "metadata.annotations";
  for (const [k, v] of Object.entries(live)) {
    const p = path ? `${path}.${k}` : k;
    if (k in desired) out[k] = project(v, desired[k], p);
    else if (ownKeysOnly) {
      if (k.startsWith("portico.dev/") || k === "app.kubernetes.io/managed-by") out[k] = v;
    } else if (!DEFAULTS.has(p)) out[k] = v;
  }
  return out;
}

/**
 * The live object as comparable with the desired one: server-owned metadata, status and server
 * defaults removed; everything else kept so real drift shows up.
 */
export function normalizeLive(
  live: Record<string, unknown>,
  desired?: Record<string, unknown>,
): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...live };
  delete copy.status;
  const meta = isPlainObject(copy.metadata) ? { ...copy.metadata } : {};
  for (const k of SERVER_METADATA) delete meta[k];
  if (isPlainObject(meta.annotations)) {
    const ann = Object.fromEntries(
      Object.entries(meta.annotations).filter(([k]) => !SERVER_ANNOTATIONS.has(k)),
    );
    if (Object.keys(ann).length) meta.annotations = ann;
    else delete meta.annotations;
  }
  copy.metadata = meta;
  return desired ? (project(copy, desired, "") as Record<string, unknown>) : copy;
}
