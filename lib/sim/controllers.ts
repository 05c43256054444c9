import { createHash } from "node:crypto";
import { type Cluster } from "./cluster";
import { type KObject, clone } from "./json";
import { now as nowTs } from "./managed-fields";
import { type ResourceType, storeKey } from "./resources";

/** Defaults real API servers fill in at creation that clients commonly read back. */
export function defaultOnCreate(c: Cluster, rt: ResourceType, obj: KObject): void {
  if (rt.group === "" && rt.resource === "namespaces") {
    obj.metadata.labels = {
      ...(obj.metadata.labels ?? {}),
      "kubernetes.io/metadata.name": obj.metadata.name,
    };
    obj.spec = { finalizers: ["kubernetes"], ...(obj.spec ?? {}) };
    obj.status = { phase: "Active" };
  }
  if (rt.group === "" && rt.resource === "services") {
    obj.spec ??= {};
    obj.spec.type ??= "ClusterIP";
    if (obj.spec.type !== "ExternalName" && obj.spec.clusterIP === undefined) {
      const n = c.nextAddress();
      obj.spec.clusterIP = `10.96.${(n >> 8) & 255}.${n & 255}`;
      obj.spec.clusterIPs = [obj.spec.clusterIP];
    }
  }
}

/** What controllers of a real cluster do after a write: service accounts, addresses, rollouts. */
export function afterWrite(c: Cluster, rt: ResourceType, old: KObject | undefined, obj: KObject): void {
  if (rt.group === "" && rt.resource === "namespaces" && !old) {
    const sa = c.resource("", "v1", "serviceaccounts")!;
    if (!c.store.get(storeKey(sa), obj.metadata.name, "default")) {
      c.internalWrite(sa, { metadata: { name: "default", namespace: obj.metadata.name } });
    }
  }
  if (
    rt.group === "" &&
    rt.resource === "services" &&
    obj.spec?.type === "LoadBalancer" &&
    !obj.status?.loadBalancer?.ingress
  ) {
    const ingress =
      c.loadBalancer === "hostname"
        ? {
            hostname: `${obj.metadata.name}-${c.index}${c.nextAddress().toString(16)}.elb.${c.region}.example.com`,
          }
        : { ip: `198.51.100.${((c.index * 50 + c.nextAddress()) % 250) + 1}` };
    c.writeStatus(rt, obj, { loadBalancer: { ingress: [ingress] } });
  }
  if (
    rt.group === "apps" &&
    rt.resource === "deployments" &&
    obj.metadata.generation !== obj.status?.observedGeneration
  ) {
    const gen = obj.metadata.generation as number;
    const replicas = typeof obj.spec?.replicas === "number" ? obj.spec.replicas : 1;
    if (!old || old.metadata.generation !== gen) {
      c.writeStatus(rt, obj, {
        observedGeneration: gen,
        replicas,
        updatedReplicas: replicas,
        unavailableReplicas: replicas,
        conditions: [
          {
            type: "Available",
            status: "False",
            reason: "MinimumReplicasUnavailable",
            message: "Deployment does not have minimum availability.",
          },
          {
            type: "Progressing",
            status: "True",
            reason: "ReplicaSetUpdated",
            message: `ReplicaSet "${obj.metadata.name}" is progressing.`,
          },
        ],
      });
      c.later(c.readyDelayMs, () =>
        markDeploymentReady(c, rt, obj.metadata.namespace, obj.metadata.name, gen),
      );
    }
  }
}

export function markDeploymentReady(
  c: Cluster,
  rt: ResourceType,
  ns: string,
  name: string,
  gen: number,
): void {
  const cur = c.store.get(storeKey(rt), ns, name);
  if (!cur || cur.metadata.generation !== gen) return;
  const replicas = typeof cur.spec?.replicas === "number" ? cur.spec.replicas : 1;
  if (cur.status?.observedGeneration === gen && cur.status?.readyReplicas === replicas) return;
  const ts = nowTs();
  c.writeStatus(rt, cur, {
    observedGeneration: gen,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      {
        type: "Available",
        status: "True",
        lastUpdateTime: ts,
        lastTransitionTime: ts,
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        lastUpdateTime: ts,
        lastTransitionTime: ts,
        reason: "NewReplicaSetAvailable",
        message: `ReplicaSet "${name}" has successfully progressed.`,
      },
    ],
  });
  syncPods(c, cur, replicas);
}

/** Read-only Pods that mirror a Deployment's template, so that pod listings look plausible. */
function syncPods(c: Cluster, dep: KObject, replicas: number): void {
  const pods = c.resource("", "v1", "pods")!;
  const ns = dep.metadata.namespace as string;
  for (const p of c.store.list(storeKey(pods), ns)) {
    if (p.metadata.ownerReferences?.[0]?.uid === dep.metadata.uid) c.internalDelete(pods, p);
  }
  const hash = createHash("sha1")
    .update(JSON.stringify(dep.spec?.template ?? {}))
    .digest("hex")
    .slice(0, 10);
  for (let i = 0; i < replicas; i++) {
    const suffix = Math.random().toString(36).slice(2, 7).padEnd(5, "x");
    const node = `${c.name}-node-${(i % c.nodeCount) + 1}`;
    const n = c.nextAddress();
    c.internalWrite(pods, {
      metadata: {
        name: `${dep.metadata.name}-${hash}-${suffix}`,
        namespace: ns,
        labels: { ...(dep.spec?.template?.metadata?.labels ?? {}), "pod-template-hash": hash },
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: dep.metadata.name,
            uid: dep.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: { ...(clone(dep.spec?.template?.spec) ?? {}), nodeName: node },
      status: {
        phase: "Running",
        conditions: [{ type: "Ready", status: "True" }],
        podIP: `10.244.${c.index}.${n & 255}`,
        hostIP: `10.0.${c.index}.${(i % c.nodeCount) + 1}`,
        startTime: nowTs(),
      },
    });
  }
}

/** After a restore from a state file: Deployments that were still rolling out finish. */
export function resumeRollouts(c: Cluster): void {
  const rt = c.resource("apps", "v1", "deployments")!;
  for (const d of c.store.list(storeKey(rt))) {
    const gen = d.metadata.generation as number;
    const replicas = typeof d.spec?.replicas === "number" ? d.spec.replicas : 1;
    if (d.status?.observedGeneration !== gen || d.status?.readyReplicas !== replicas) {
      c.later(c.readyDelayMs, () => markDeploymentReady(c, rt, d.metadata.namespace, d.metadata.name, gen));
    }
  }
}
