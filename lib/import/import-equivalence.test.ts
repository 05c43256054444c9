// The import proved on traffic: the reference scenario's shared ingress (an ingress-nginx controller
// with Ingress objects, or Istio's shared Gateway with VirtualServices) is read back through the
// cluster client, imported, given a product gateway per product (journey step 1), rendered for east
// and applied with server-side apply. The same requests then go to the old ingress and to each
// product gateway, over real sockets, and the echo backends' answers are compared. Every difference
// is either a documented approximation, for which the importer must report a finding, or a failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "@/lib/analysis/finding";
import { renderCluster } from "@/lib/istio/render-cluster";
import { ClusterClient } from "@/lib/k8s/cluster-client";
import { insertProductGateway } from "@/lib/migration/insert-product-gateway";
import type { ScenarioIngress } from "@/lib/sim/demo-scenario";
import type { K8sObject, Topology } from "@/lib/topology";
import { send, startTrafficSim, until, type TrafficSim } from "@/test/traffic";
import { importIngress, type ImportIngressResult } from "./import-ingress";
import { readIngressObjects } from "./read-ingress-objects";
import { REFERENCE_SHARED_INGRESS } from "./reference-shared-ingress";

const EAST = { name: "east", region: "us-east-1", zone: "us-east-1a", network: "network-east" };

/** One request, sent alike to the old ingress and to the product gateway of its host. */
interface Probe {
  host: string;
  path: string;
  method: string;
  headers?: Record<string, string>;
  /** Plain HTTP on port 80 (the https redirect) instead of HTTPS on 443. */
  http?: boolean;
}

/** What the client and the backend saw: the parts of an answer the two ingresses must agree on. */
interface Answer {
  status: number;
  namespace?: string;
  service?: string;
  path?: string;
  host?: string;
  location?: string;
}

/** A known difference: which probes it explains, and the finding the import must give for it. */
interface Approximation {
  why: string;
  explains(p: Probe, before: Answer, after: Answer): boolean;
  finding: (f: Finding) => boolean;
}

const label = (p: Probe) =>
  `${p.method} ${p.http ? "http" : "https"}://${p.host}${p.path}${p.headers ? ` ${JSON.stringify(p.headers)}` : ""}`;

async function ask(address: string, p: Probe): Promise<Answer> {
  const r = await send(address, p.host, p.path, {
    tls: !p.http,
    method: p.method,
    ...(p.headers ? { headers: p.headers } : {}),
  }).catch((err: Error & { code?: string }) => err);
  // No listener on the port (refused or reset): the same answer whichever ingress gives it.
  if (r instanceof Error) return { status: 0 };
  const j = r.json as Partial<Record<"namespace" | "service" | "path" | "host", string>> | undefined;
  return {
    status: r.status,
    ...(j?.service ? { namespace: j.namespace, service: j.service, path: j.path, host: j.host } : {}),
    ...(r.headers.location ? { location: r.headers.location } : {}),
  };
}

/** A path's literal start: a regex path (`/v1/reports(.*)`) is probed at its fixed prefix. */
const literal = (path: string) => path.replace(/[(\[.*+?^$|\\{].*$/, "") || "/";

/**
 * Every path and its neighbours: `/foo`, `/foo/`, `/foo/bar`, `/foobar`, the upper-cased path and a
 * query string, with GET, POST and DELETE, plus `/` and a path nobody routes.
 */
function probesFor(host: string, paths: string[], canaryHeader?: string): Probe[] {
  const out: Probe[] = [];
  const seen = new Set<string>();
  const add = (p: Probe) => {
    const key = label(p);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const raw of [...paths.map(literal), "/", "/nobody-routes-this"]) {
    const base = raw.replace(/\/$/, "");
    const neighbours = [raw, `${base}/`, `${base}/bar`, raw.toUpperCase(), `${raw}?q=1`];
    if (base) neighbours.push(`${base}bar`);
    for (const path of neighbours)
      for (const method of ["GET", "POST", "DELETE"]) add({ host, path, method });
    for (const path of [raw, `${base}/`]) add({ host, path, method: "GET", http: true });
    if (canaryHeader)
      for (const value of ["always", "never", "sometimes"])
        add({ host, path: raw, method: "GET", headers: { [canaryHeader]: value } });
  }
  return out;
}

/** The Ingresses' or VirtualServices' paths per host, as they are in the cluster. */
function pathsByHost(objects: K8sObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (host: string, path: string) => out.set(host, [...(out.get(host) ?? []), path]);
  for (const o of objects) {
    const spec = o.spec as any;
    if (o.kind === "Ingress")
      for (const rule of spec.rules ?? [])
        for (const p of rule.http?.paths ?? []) add(rule.host, p.path ?? "/");
    if (o.kind === "VirtualService")
      for (const h of spec.hosts ?? [])
        for (const r of spec.http ?? [])
          for (const m of r.match ?? [{}]) add(h, m.uri?.prefix ?? m.uri?.exact ?? m.uri?.regex ?? "/");
  }
  return out;
}

interface Estate {
  t: TrafficSim;
  client: ClusterClient;
  /** What the cluster held before Portico applied anything. */
  read: K8sObject[];
  imported: ImportIngressResult;
  topology: Topology;
  probes: Probe[];
  before: Map<string, Answer>;
  /** Each host's product gateway address. */
  gatewayOf: Map<string, string>;
}

/**
 * Starts east with the given shared ingress, records its answers, imports it, inserts the product
 * gateways and applies what Portico renders.
 */
async function migrate(
  ingress: ScenarioIngress,
  sharedService: { namespace: string; name: string },
  canaryHeader?: string,
): Promise<Estate> {
  const t = await startTrafficSim(["east=us-east-1a"], { ingress, sharedRoutes: true });
  const info = t.sim.clusters.find((c) => c.name === "east")!;
  const client = new ClusterClient(
    { name: "east", server: info.server, caData: info.ca, credentials: { token: info.token } },
    { allowInsecure: true },
  );
  const read = await readIngressObjects(client);
  const routed = read.objects.filter((o) =>
    ingress === "nginx" ? o.kind === "Ingress" : o.kind === "VirtualService",
  );
  const probes = [...pathsByHost(routed)].flatMap(([host, paths]) => probesFor(host, paths, canaryHeader));

  const oldAddress = await t.loadBalancer("east", sharedService.namespace, sharedService.name);
  if (ingress === "nginx") await t.loadBalancer("east", sharedService.namespace, sharedService.name, 80);
  const before = new Map<string, Answer>();
  for (const p of probes) before.set(label(p), await ask(oldAddress, p));

  const imported = importIngress({ objects: read.objects, cluster: EAST, servicesRead: read.servicesRead });
  let topology = imported.proposal;
  for (const product of ["payments", "analytics"])
    topology = insertProductGateway(topology, {
      product,
      moveInternalClients: false,
      phase: "serve-both",
      size: "small",
    }).topology;
  // Portico takes over what it renders (the shared Gateway's routes included) once the import is saved.
  for (const o of renderCluster(topology, "east").objects) await client.apply(o, { force: true });

  const gatewayOf = new Map<string, string>();
  for (const route of topology.routes) {
    const ref = route.gateways.find((g) => g.endsWith(`/${route.product}-gateway`));
    if (!ref) continue;
    const [namespace, name] = ref.split("/") as [string, string];
    gatewayOf.set(route.host, await t.loadBalancer("east", namespace, name));
  }
  return { t, client, read: read.objects, imported, topology, probes, before, gatewayOf };
}

/** What the old ingress answered across the probes: each backend, redirects and 404s all occur. */
function outcomes(e: Estate): string[] {
  return [...new Set([...e.before.values()].map((a) => a.service ?? String(a.status)))].sort();
}

/** Sends every probe to its host's product gateway; returns the differences no approximation explains. */
async function compare(e: Estate, approximations: Approximation[]) {
  const unexplained: string[] = [];
  const used = new Set<Approximation>();
  let same = 0;
  for (const p of e.probes) {
    const address = e.gatewayOf.get(p.host);
    if (!address) throw new Error(`no product gateway for ${p.host}`);
    const before = e.before.get(label(p))!;
    const after = await ask(address, p);
    if (JSON.stringify(before) === JSON.stringify(after)) {
      same++;
      continue;
    }
    const a = approximations.find((x) => x.explains(p, before, after));
    if (a) used.add(a);
    else unexplained.push(`${label(p)}: old ${JSON.stringify(before)} new ${JSON.stringify(after)}`);
  }
  return { unexplained, used, same };
}

describe("import equivalence: ingress-nginx start", () => {
  let e: Estate;
  beforeAll(async () => {
    e = await migrate("nginx", { namespace: "ingress-nginx", name: "ingress-nginx-controller" }, "x-canary");
  }, 120_000);
  afterAll(async () => {
    await e?.client.close();
    await e?.t.stop();
  });

  it("answers every request as ingress-nginx did, but for the approximations the import reports", async () => {
    expect(outcomes(e)).toEqual(["308", "404", "credit-card", "ingest", "payments", "reports"]);
    const redirected = (p: Probe, before: Answer, after: Answer) =>
      p.http === true && before.status === 308 && after.status === 301;
    const approximations: Approximation[] = [
      {
        why: "ingress-nginx redirects plain HTTP with 308, Istio's httpsRedirect with 301",
        explains: (p, before, after) => redirected(p, before, after) && before.location === after.location,
        finding: (f) => f.code === "PTI009" && /redirects to https with 301/.test(f.message),
      },
      {
        why: "ingress-nginx drops a trailing slash when it redirects to https, Istio keeps it",
        explains: (p, before, after) =>
          redirected(p, before, after) && p.path.endsWith("/") && `${before.location}/` === after.location,
        finding: (f) => f.code === "PTI009" && /keeps a trailing slash/.test(f.message),
      },
    ];
    const { unexplained, used, same } = await compare(e, approximations);
    expect(unexplained).toEqual([]);
    // Both approximations show on these Ingresses; each must be one the import reports.
    expect([...used].map((a) => a.why)).toEqual(approximations.map((a) => a.why));
    for (const a of used) expect(e.imported.findings.some(a.finding), a.why).toBe(true);
    expect(same).toBeGreaterThan(e.probes.length / 2);
  }, 120_000);
});

describe("import equivalence: Istio start", () => {
  let e: Estate;
  beforeAll(async () => {
    e = await migrate("istio", { namespace: "istio-system", name: "istio-ingressgateway" });
  }, 120_000);
  afterAll(async () => {
    await e?.client.close();
    await e?.t.stop();
  });

  it("reads the unmanaged shared ingress the demo starts with: Payments and Analytics", () => {
    expect(e.imported.owners.map((o) => [o.host, o.product])).toEqual([
      ["analytics.my-company.io", "analytics"],
      ["payments.my-company.io", "payments"],
    ]);
    expect(e.imported.imported).toEqual(
      expect.arrayContaining([
        "VirtualService payments/payments",
        "VirtualService analytics-ingest/analytics",
      ]),
    );
  });

  it("seeds the same VirtualServices the journey applies by hand, not managed by Portico", () => {
    const seeded = e.read.filter((o) => o.kind === "VirtualService");
    const want = REFERENCE_SHARED_INGRESS.filter((o) => o.kind === "VirtualService");
    const shape = (o: K8sObject) => [o.metadata.namespace, o.metadata.name, o.spec];
    expect(seeded.map(shape)).toEqual(expect.arrayContaining(want.map(shape)));
    expect(seeded).toHaveLength(want.length);
    expect(seeded.every((o) => o.metadata.labels?.["app.kubernetes.io/managed-by"] === undefined)).toBe(true);
  });

  it("answers every request as the shared gateway did", async () => {
    expect(outcomes(e)).toEqual(["0", "404", "ingest", "payments", "reports"]);
    const { unexplained, same } = await compare(e, []);
    expect(unexplained).toEqual([]);
    expect(same).toBe(e.probes.length);
  }, 120_000);

  it("keeps the shared gateway answering as before while both serve", async () => {
    const shared = await e.t.loadBalancer("east", "istio-system", "istio-ingressgateway");
    await until("the shared gateway to serve Portico's routes", async () => {
      for (const p of e.probes.filter((x) => !x.http))
        if (JSON.stringify(await ask(shared, p)) !== JSON.stringify(e.before.get(label(p)))) return undefined;
      return true;
    });
  }, 60_000);
});
