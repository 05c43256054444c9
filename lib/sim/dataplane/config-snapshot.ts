import { type Cluster } from "../cluster";
import { type KObject } from "../json";
import { type ClusterConfig } from "./types";

/** Store tables the data plane reads, by ClusterConfig field ("group/resource", see storeKey). */
const TABLES: Record<Exclude<keyof ClusterConfig, "cluster" | "zone" | "region">, string> = {
  gateways: "networking.istio.io/gateways",
  virtualServices: "networking.istio.io/virtualservices",
  destinationRules: "networking.istio.io/destinationrules",
  serviceEntries: "networking.istio.io/serviceentries",
  namespaces: "/namespaces",
  services: "/services",
  deployments: "apps/deployments",
  pods: "/pods",
  secrets: "/secrets",
  k8sGateways: "gateway.networking.k8s.io/gateways",
  httpRoutes: "gateway.networking.k8s.io/httproutes",
  referenceGrants: "gateway.networking.k8s.io/referencegrants",
  gatewayClasses: "gateway.networking.k8s.io/gatewayclasses",
  ingresses: "networking.k8s.io/ingresses",
  ingressClasses: "networking.k8s.io/ingressclasses",
  dnsEndpoints: "externaldns.k8s.io/dnsendpoints",
};

const WATCHED = new Set(Object.values(TABLES));
const STALE_COALESCE_MS = 25;

/**
 * The routing view of one cluster, rebuilt lazily: a store change only marks it stale, and the
 * next request rebuilds it. A config change is therefore seen by the very next request, and a
 * burst of writes (a sync applying 1,500 objects) costs one rebuild, not 1,500.
 */
export class ConfigSnapshot {
  private current: ClusterConfig | undefined;
  private version = 0;
  private readonly unsubscribe: () => void;
  /** Called after a relevant change, at most once per STALE_COALESCE_MS. */
  onStale?: () => void;
  private staleScheduled = false;

  constructor(private readonly cluster: Cluster) {
    this.unsubscribe = cluster.store.subscribe((e) => {
      if (!WATCHED.has(e.table)) return;
      this.current = undefined;
      this.version++;
      if (this.onStale && !this.staleScheduled) {
        this.staleScheduled = true;
        // Controllers (addresses, listeners, Gateway API status) run once per burst of writes: a
        // sync applying 1,500 objects in as many requests costs a few passes, not 1,500. Routing
        // does not wait for them: requests read the snapshot itself.
        const t = setTimeout(() => {
          this.staleScheduled = false;
          this.onStale?.();
        }, STALE_COALESCE_MS);
        t.unref();
      }
    });
  }

  /** Increments on every relevant change; lets derived caches know when to drop themselves. */
  get generation(): number {
    return this.version;
  }

  get(): ClusterConfig {
    if (this.current) return this.current;
    const c = this.cluster;
    const out = { cluster: c.name, zone: c.zone, region: c.region } as ClusterConfig;
    for (const [field, table] of Object.entries(TABLES)) {
      (out as unknown as Record<string, KObject[]>)[field] = c.store.list(table);
    }
    this.current = out;
    return out;
  }

  close(): void {
    this.unsubscribe();
  }
}
