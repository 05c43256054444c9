import { isIPv4 } from "node:net";
import { createSecureContext, type SecureContext } from "node:tls";
import { type Cluster } from "../cluster";
import { generateCa, issueServerCertificate, type KeyPairPem } from "../tls";
import { ClusterDataPlane, type DataPlaneHost } from "./cluster-data-plane";
import { ConfigSnapshot } from "./config-snapshot";
import { EndpointPicker, type MeshCluster, type MeshView, parseServiceHost } from "./endpoints";
import { EndpointSlices } from "./endpoint-slices";
import { LoopbackAddresses } from "./loopback-addresses";
import { MeshProxy } from "./mesh-proxy";
import { TlsEchoServer } from "./tls-echo-server";

interface Member {
  cluster: Cluster;
  snapshot: ConfigSnapshot;
  plane: ClusterDataPlane;
  mesh: MeshProxy;
  slices: EndpointSlices;
}

/**
 * The traffic side of the simulator: one data plane per cluster, one endpoint discovery across
 * them (clusters with Istio form one multi-primary mesh), and the resolver that ServiceEntry
 * endpoints use to find another cluster's gateway.
 */
export class DataPlane implements DataPlaneHost, MeshView {
  readonly addresses = new LoopbackAddresses();
  readonly picker: EndpointPicker = new EndpointPicker(this);
  readonly tlsEcho = new TlsEchoServer();
  private readonly members = new Map<string, Member>();
  private ca: KeyPairPem | undefined;
  private readonly backendContexts = new Map<string, SecureContext>();

  constructor(
    private readonly logger: (message: string) => void = (m) => process.stderr.write(`sim: ${m}\n`),
  ) {}

  log(message: string): void {
    this.logger(message);
  }

  async add(cluster: Cluster): Promise<void> {
    const snapshot = new ConfigSnapshot(cluster);
    const plane = new ClusterDataPlane(cluster, snapshot, this);
    const mesh = new MeshProxy(cluster, snapshot, this);
    const slices = new EndpointSlices(cluster);
    await mesh.start();
    snapshot.onStale = () => plane.reconcile();
    this.members.set(cluster.name, { cluster, snapshot, plane, mesh, slices });
    slices.reconcileAll();
    plane.reconcile();
  }

  clusters(): MeshCluster[] {
    return [...this.members.values()].map((m) => ({
      name: m.cluster.name,
      zone: m.cluster.zone,
      region: m.cluster.region,
      istio: m.cluster.addons.istio,
      config: () => m.snapshot.get(),
    }));
  }

  plane(cluster: string): ClusterDataPlane | undefined {
    return this.members.get(cluster)?.plane;
  }

  meshProxy(cluster: string): MeshProxy | undefined {
    return this.members.get(cluster)?.mesh;
  }

  /**
   * Addresses for ServiceEntry endpoint hostnames: an IPv4 literal; a gateway Service's in-cluster
   * name ("payments-gateway.payments.svc.cluster.local", in the calling cluster); or
   * "<service>.<cluster>.<domain>", the convention the demo uses for another cluster's gateway
   * ("payments-gateway.west.my-company.io" is west's LoadBalancer Service payments-gateway).
   */
  resolveHost(hostname: string, fromCluster: string): string | undefined {
    if (isIPv4(hostname)) return hostname;
    const svc = parseServiceHost(hostname);
    if (svc) return this.members.get(fromCluster)?.plane.addressOf(svc.namespace, svc.name);
    const [name, clusterName] = hostname.split(".");
    const m = clusterName ? this.members.get(clusterName) : undefined;
    if (!m || !name) return undefined;
    const matches = m.plane.describe().filter((g) => g.service.split("/")[1] === name);
    return matches.length === 1 ? matches[0]!.address : undefined;
  }

  backendContext(host: string): SecureContext {
    let ctx = this.backendContexts.get(host);
    if (!ctx) {
      this.ca ??= generateCa("portico-sim-backends");
      const pair = issueServerCertificate(this.ca, "portico-sim-backends", host, { dns: [host] });
      ctx = createSecureContext({ cert: pair.cert, key: pair.key });
      this.backendContexts.set(host, ctx);
    }
    return ctx;
  }

  async close(): Promise<void> {
    for (const m of this.members.values()) {
      m.snapshot.onStale = undefined;
      m.snapshot.close();
      m.slices.close();
      m.plane.close();
      await m.mesh.close();
    }
    this.tlsEcho.close();
    this.members.clear();
  }
}
