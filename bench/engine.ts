import { syntheticTopology } from "@/lib/topology/synthetic";
import { parseTopology, type TopologyInput } from "@/lib/topology";
import { renderAll, renderCluster } from "@/lib/istio/render-cluster";
import { analyze } from "@/lib/analysis/analyze";
import { checkContract } from "@/lib/analysis/contract/check-contract";
import { importIngress } from "@/lib/import/import-ingress";
import { emit } from "./report";

/**
 * Render + analyze the desired state of N products × 3 clusters. Building the topology (parsing)
 * is outside the timing: the sync worker and UI start from an already parsed revision.
 * Prints one JSON line per figure.
 */
function measure(products: number): { ms: number; objects: number; findings: number } {
  const topology = syntheticTopology(products, 3);
  const runs = products >= 5000 ? 3 : products >= 1000 ? 7 : 15;
  let best = Infinity;
  let objects = 0;
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const rendered = renderAll(topology, { format: "istio" });
    const result = analyze(topology);
    const ms = performance.now() - t0;
    objects = [...rendered.values()].reduce((n, o) => n + o.length, 0);
    findings = result.length;
    best = Math.min(best, ms);
  }
  return { ms: best, objects, findings };
}

// Warm-up so the JIT does not count against the smallest size.
measure(50);
for (const n of [100, 1000, 5000]) {
  const r = measure(n);
  emit(`render_analyze_${n}x3_ms`, r.ms, "ms");
  console.error(
    `${n} products x 3 clusters: ${r.objects} objects, ${r.findings} findings, ${r.ms.toFixed(0)} ms (best run)`,
  );
}

// The largest estate the document limits are sized for, rendered the way the sync worker renders:
// one cluster per job, so one cluster's objects are alive at a time. Goal: < 5 s on one core.
{
  const topology = syntheticTopology(10_000, 5);
  let best = Infinity;
  let objects = 0;
  let findings = 0;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    objects = 0;
    for (const c of topology.clusters)
      objects += renderCluster(topology, c.name, { format: "istio" }).objects.length;
    findings = analyze(topology).length;
    best = Math.min(best, performance.now() - t0);
  }
  emit("render_analyze_10000x5_ms", best, "ms");
  console.error(
    `10000 products x 5 clusters: ${objects} objects, ${findings} findings, ${best.toFixed(0)} ms (best of 2)`,
  );
}

// The contract check between two revisions of the same size (every call class of every host).
{
  const before = syntheticTopology(1000, 3);
  const after = syntheticTopology(1000, 3);
  checkContract(before, after);
  const t0 = performance.now();
  const r = checkContract(before, after);
  const ms = performance.now() - t0;
  emit("contract_1000x3_ms", ms, "ms");
  console.error(`contract 1000 products x 3 clusters: ${r.checked} call classes, ${ms.toFixed(0)} ms`);
}

// Import of a large ingress-nginx estate: 5,000 Ingress objects over 1,000 hosts, with the
// annotations teams use most, through every reader into a validated topology.
{
  const cluster = { name: "east", region: "us-east-1", zone: "us-east-1a", network: "network1" };
  const ingresses = Array.from({ length: 5000 }, (_, i) => {
    const host = `app-${i % 1000}.my-company.io`;
    const annotations: Record<string, string> = {
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "120",
      "nginx.ingress.kubernetes.io/proxy-body-size": "8m",
      "nginx.ingress.kubernetes.io/enable-cors": "true",
      "nginx.ingress.kubernetes.io/whitelist-source-range": "10.0.0.0/8",
      "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'X-Frame-Options: DENY';",
    };
    if (i % 5 === 1) {
      annotations["nginx.ingress.kubernetes.io/use-regex"] = "true";
      annotations["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2";
    }
    return {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: `ing-${i}`,
        namespace: `team-${i % 1000}`,
        creationTimestamp: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
        annotations,
      },
      spec: {
        ingressClassName: "nginx",
        tls: [{ hosts: [host], secretName: `tls-${i % 1000}` }],
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: i % 5 === 1 ? `/v${i}(/|$)(.*)` : `/v${i}`,
                  pathType: i % 5 === 1 ? "ImplementationSpecific" : "Prefix",
                  backend: { service: { name: `svc-${i}`, port: { number: 8080 } } },
                },
              ],
            },
          },
        ],
      },
    };
  });
  importIngress({ objects: ingresses.slice(0, 200), cluster });
  let best = Infinity;
  let routes = 0;
  let findings = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = importIngress({ objects: ingresses, cluster });
    best = Math.min(best, performance.now() - t0);
    routes = r.proposal.routes.length;
    findings = r.findings.length;
  }
  emit("import_5000_ingresses_ms", best, "ms");
  console.error(
    `import 5000 Ingress objects: ${routes} routes, ${findings} findings, ${best.toFixed(0)} ms (best of 3)`,
  );
}

// The contract check on a header-heavy document: 1,000 routes over 50 hosts (merged per host, as
// Istio merges VirtualServices), each matching a path and up to 20 headers that other routes of
// the host test with other values. Trying every combination of header values would take 3^20 per
// host; the check splits only on the conditions that decide a rule.
{
  const input: TopologyInput = {
    apiVersion: "portico.dev/v1alpha1",
    kind: "Topology",
    metadata: { name: "headers" },
    clusters: [{ name: "c0", region: "r0", zone: "r0a" }],
    products: [{ name: "p", teams: ["p"], namespaces: ["p"] }],
    gateways: [
      {
        name: "gw",
        namespace: "p",
        mode: "product",
        product: "p",
        placement: [{ cluster: "c0" }],
        listeners: [{ name: "http", port: 80, protocol: "HTTP", hosts: ["*.example.io"] }],
      },
    ],
    routes: Array.from({ length: 1000 }, (_, i) => ({
      name: `r${i}`,
      product: "p",
      host: `h${i % 50}.example.io`,
      gateways: ["p/gw"],
      http: [
        {
          match: [
            {
              path: { prefix: `/api/${i % 5}` },
              headers: Object.fromEntries(
                Array.from({ length: 1 + (i % 20) }, (_, j) => [`x-h${j}`, { exact: `v${i % 7}-${j}` }]),
              ),
            },
          ],
          destinations: [{ service: `s${i % 10}`, port: 8080 }],
        },
      ],
    })),
    services: Array.from({ length: 10 }, (_, i) => ({
      name: `s${i}`,
      namespace: "p",
      product: "p",
      ports: [{ name: "http", port: 8080 }],
      clusters: ["c0"],
    })),
  };
  const parsed = parseTopology(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const before = parsed.topology;
  const after = structuredClone(before);
  // The first route of host h1 moves to another service: one call class breaks.
  after.routes[1]!.http[0]!.destinations[0]!.service = "s0";
  checkContract(before, after);
  const times: number[] = [];
  let r = checkContract(before, after);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    r = checkContract(before, after);
    times.push(performance.now() - t0);
  }
  const ms = Math.min(...times);
  emit("contract_1000_routes_20_headers_ms", ms, "ms");
  console.error(
    `contract 1000 routes x up to 20 headers: ${r.checked} call classes, ${r.broken.length} broken, ${ms.toFixed(0)} ms (best of 3)`,
  );
}
