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
import {
  chooseRecordSet,
  dnsEndpointRecords,
  recordsFor,
  serviceRecords,
  type RecordSet,
} from "../dns/dns-records";
import { DnsServer, type RecordSource } from "../dns/dns-server";

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
export class DataPlane implements DataPlaneHost, MeshView, RecordSource {
  readonly addresses = new LoopbackAddresses();
  readonly picker: EndpointPicker = new EndpointPicker(this);
  readonly tlsEcho = new TlsEchoServer();
  private readonly members = new Map<string, Member>();
  private ca: KeyPairPem | undefined;
  private readonly backendContexts = new Map<string, SecureContext>();
  private records: { key: string; crd: RecordSet[]; services: RecordSet[] } | undefined;
  readonly dns = new DnsServer(this);

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

  /** Starts the demo's DNS server (UDP on loopback); returns "host:port". */
  startDns(port = 0): Promise<string> {
    return this.dns.start("127.0.0.1", port);
  }

  /** What external-dns would publish from every cluster (DNSEndpoints, annotated Services). */
  lookup(name: string): RecordSet[] {
    const members = [...this.members.values()];
    const key = members.map((m) => `${m.cluster.name}:${m.snapshot.generation}`).join(",");
    if (this.records?.key !== key) {
      const crd: RecordSet[] = [];
      const services: RecordSet[] = [];
      for (const m of members) {
        const cfg = m.snapshot.get();
        crd.push(...dnsEndpointRecords(m.cluster.name, cfg.dnsEndpoints));
        services.push(...serviceRecords(m.cluster.name, cfg.services));
      }
      this.records = { key, crd, services };
    }
    return recordsFor(name, this.records.crd, this.records.services);
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
   * Addresses for ServiceEntry endpoint hostnames: an IPv4 literal; a name the demo's DNS answers
   * (DNSEndpoints, annotated Services; a weighted set chosen per lookup); a gateway Service's in-cluster
   * name ("payments-gateway.payments.svc.cluster.local", in the calling cluster); or
   * "<service>.<cluster>.<domain>", the convention the demo uses for another cluster's gateway
   * ("payments-gateway.west.my-company.io" is west's LoadBalancer Service payments-gateway).
   */
  resolveHost(hostname: string, fromCluster: string): string | undefined {
    if (isIPv4(hostname)) return hostname;
    let dnsName = hostname.toLowerCase();
    for (let hop = 0; hop < 8; hop++) {
      const sets = this.lookup(dnsName);
      if (sets.length === 0) break;
      const cname = sets.find((s) => s.type === "CNAME");
      if (cname) {
        dnsName = cname.targets[0]!.toLowerCase();
        if (isIPv4(dnsName)) return dnsName;
        continue;
      }
      const a = chooseRecordSet(sets.filter((s) => s.type === "A"))[0]?.targets[0];
      if (a) return a;
      break;
    }
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
    this.dns.close();
    this.members.clear();
  }
}
