import { createHash } from "node:crypto";
import { type Cluster } from "../cluster";
import { type KObject, deepEqual } from "../json";
import { storeKey } from "../resources";
import { selectorMatches } from "./workloads";

const MANAGED_BY = "endpointslice-controller.k8s.io";

/**
 * Kubernetes' EndpointSlice controller, for Services with a selector: one slice per Service
 * listing the ready Pods it selects (so `kubectl scale --replicas=0` leaves none), with their zone
 * and node. Runs after the writes of one turn of the event loop, per namespace touched.
 */
export class EndpointSlices {
  private pending = new Set<string>();
  private scheduled = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly cluster: Cluster) {
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (e.table !== "/pods" && e.table !== "/services") return;
      const ns = e.object.metadata?.namespace as string | undefined;
      if (!ns) return;
      this.pending.add(ns);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  reconcileAll(): void {
    const services = this.cluster.store.list("/services");
    for (const ns of new Set(services.map((s) => s.metadata.namespace as string))) this.reconcile(ns);
  }

  private flush(): void {
    this.scheduled = false;
    const namespaces = [...this.pending];
    this.pending.clear();
    for (const ns of namespaces) this.reconcile(ns);
  }

  private reconcile(ns: string): void {
    const c = this.cluster;
    const rt = c.resource("discovery.k8s.io", "v1", "endpointslices");
    if (!rt || !c.store.get("/namespaces", undefined, ns)) return;
    const services = c.store.list("/services", ns);
    const pods = c.store.list("/pods", ns);
    const existing = c.store
      .list(storeKey(rt), ns)
      .filter((s) => s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"] === MANAGED_BY);
    const wanted = new Set<string>();
    for (const svc of services) {
      if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) continue;
      const slice = desiredSlice(c, svc, pods);
      wanted.add(slice.metadata.name);
      const cur = existing.find((s) => s.metadata.name === slice.metadata.name);
      if (cur && deepEqual(cur.endpoints, slice.endpoints) && deepEqual(cur.ports, slice.ports)) continue;
      c.internalWrite(rt, slice, "endpointslice-controller");
    }
    for (const s of existing) if (!wanted.has(s.metadata.name)) c.internalDelete(rt, s);
  }

  close(): void {
    this.unsubscribe();
  }
}

function desiredSlice(c: Cluster, svc: KObject, pods: KObject[]): KObject {
  const name = `${svc.metadata.name}-${createHash("sha1").update(String(svc.metadata.uid)).digest("hex").slice(0, 5)}`;
  const selected = pods.filter((p) => selectorMatches(svc.spec.selector, p.metadata.labels ?? {}));
  const endpoints = selected.map((p) => {
    const ready = ((p.status?.conditions ?? []) as KObject[]).some(
      (x) => x.type === "Ready" && x.status === "True",
    );
    return {
      addresses: [p.status?.podIP ?? "10.244.0.1"],
      conditions: { ready, serving: ready, terminating: false },
      ...(p.spec?.nodeName ? { nodeName: p.spec.nodeName } : {}),
      zone: c.zone,
      targetRef: { kind: "Pod", namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
    };
  });
  const ports = ((svc.spec.ports ?? []) as KObject[]).map((p) => ({
    ...(p.name ? { name: p.name } : { name: "" }),
    port: typeof p.targetPort === "number" ? p.targetPort : p.port,
    protocol: p.protocol ?? "TCP",
    ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
  }));
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name,
      namespace: svc.metadata.namespace,
      labels: {
        "kubernetes.io/service-name": svc.metadata.name,
        "endpointslice.kubernetes.io/managed-by": MANAGED_BY,
      },
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: svc.metadata.name,
          uid: svc.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: "IPv4",
    endpoints,
    ports,
  };
}
