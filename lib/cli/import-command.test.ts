// The import command in-process: from a YAML file, and from a simulated cluster through a
// kubeconfig context over real HTTPS.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Simulator } from "@/lib/sim";
import { startSharedIngressCluster } from "@/test/helpers/shared-ingress-cluster";
import { parseTopology, toYaml } from "@/lib/topology";
import { run } from "./main";

let tmp: string;
let sim: Simulator;

async function portico(...args: string[]) {
  let out = "";
  let err = "";
  const code = await run(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const nginxIngress = {
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: {
    name: "shop",
    namespace: "shop",
    annotations: {
      "nginx.ingress.kubernetes.io/rewrite-target": "/$1",
      "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'X: y';",
    },
  },
  spec: {
    ingressClassName: "nginx",
    rules: [
      {
        host: "shop.my-company.io",
        http: {
          paths: [
            {
              path: "/shop/(.*)",
              pathType: "ImplementationSpecific",
              backend: { service: { name: "shop", port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "portico-import-"));
  const started = await startSharedIngressCluster();
  sim = started.sim;
  await started.client.close();
});
afterAll(async () => {
  await sim.stop();
});

describe("portico import", () => {
  it("-f prints the topology on stdout and the findings on stderr", async () => {
    const file = join(tmp, "objects.yaml");
    writeFileSync(file, toYaml([nginxIngress as never]));
    const r = await portico("import", "-f", file);
    expect(r.code).toBe(0);
    const t = parseTopology(parse(r.out));
    expect(t.ok).toBe(true);
    expect(r.err).toMatch(
      /warning PTI008 AnnotationNotTranslated: Ingress shop\/shop: annotation nginx.ingress.kubernetes.io\/configuration-snippet/,
    );
    expect(r.err).toMatch(/owner: shop.my-company.io -> shop/);
  });

  it("-f --json prints one document with topology, owners and findings", async () => {
    const file = join(tmp, "objects.json");
    writeFileSync(file, JSON.stringify(nginxIngress));
    const r = await portico("import", "-f", file, "--json", "--cluster", "east");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.topology.clusters[0].name).toBe("east");
    expect(j.topology.routes[0].http[0].rewrite.uriRegex).toEqual({
      match: "(?i)^(?:/shop/(.*)).*",
      substitution: "/\\1",
    });
    expect(j.findings.map((f: { code: string }) => f.code)).toContain("PTI008");
    expect(j.owners[0]).toMatchObject({ host: "shop.my-company.io", product: "shop" });
  });

  it("--kubeconfig --context reads a live cluster (list calls only)", async () => {
    const kubeconfig = join(tmp, "kubeconfig");
    writeFileSync(kubeconfig, sim.kubeconfig("east"));
    sim.counters.reset("east");
    const r = await portico("import", "--kubeconfig", kubeconfig, "--context", "east", "--json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.topology.clusters[0].name).toBe("east");
    expect(j.topology.routes.map((x: { host: string }) => x.host).sort()).toEqual([
      "analytics.my-company.io",
      "payments.my-company.io",
    ]);
    const counters = sim.counters.get("east") as { byVerb: Record<string, number> };
    for (const verb of ["create", "update", "patch", "delete"]) expect(counters.byVerb[verb] ?? 0).toBe(0);
  });

  it("refuses a missing source or an unknown context (exit 2)", async () => {
    expect((await portico("import")).code).toBe(2);
    const kubeconfig = join(tmp, "kubeconfig");
    const r = await portico("import", "--kubeconfig", kubeconfig, "--context", "nowhere");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no context "nowhere"/);
  });
});
