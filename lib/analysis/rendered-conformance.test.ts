import { describe, expect, it } from "vitest";
import { objectKey, syntheticTopology, type Topology } from "@/lib/topology";
import { EXAMPLE_STEPS, loadExample } from "@/lib/topology/examples";
import { renderCluster } from "@/lib/istio/render-cluster";
import { schemaError } from "@/lib/istio/conformance";
import { analyze } from "./analyze";
import { checkRenderedObjects } from "./check-rendered-objects";

/** Every object of every cluster, in both formats, as a server would judge it. */
function serverVerdict(t: Topology): { objects: number; refused: string[] } {
  const refused: string[] = [];
  let objects = 0;
  for (const format of ["istio", "gateway-api"] as const) {
    for (const c of t.clusters) {
      const rendered = renderCluster(t, c.name, { format }).objects;
      objects += rendered.length;
      for (const o of rendered) {
        const error = schemaError(o);
        if (error) refused.push(`[${c.name} ${format}] ${objectKey(o)}: ${error}`);
      }
      for (const p of checkRenderedObjects(rendered)) refused.push(`[${c.name} ${format}] ${p}`);
    }
  }
  return { objects, refused };
}

const errors = (t: Topology) => analyze(t).filter((f) => f.severity === "error");

describe("what validate passes, a server accepts", () => {
  for (const step of EXAMPLE_STEPS) {
    it(`example ${step}`, () => {
      const t = loadExample(step);
      expect(errors(t)).toEqual([]);
      const v = serverVerdict(t);
      expect(v.refused).toEqual([]);
      expect(v.objects).toBeGreaterThan(0);
    });
  }

  for (const [products, clusters] of [
    [1, 1],
    [7, 2],
    [25, 5],
  ] as const) {
    it(`generated estate of ${products} product(s) in ${clusters} cluster(s)`, () => {
      const t = syntheticTopology(products, clusters);
      expect(errors(t)).toEqual([]);
      expect(serverVerdict(t).refused).toEqual([]);
    });
  }

  it("a subset canary's Services per subset pass Kubernetes' schema, and the HTTPRoute Gateway API's", () => {
    const t = structuredClone(loadExample("02-payments-split"));
    const svc = t.services.find((s) => s.name === "payments")!;
    svc.selector = { app: "payments" };
    svc.subsets = [
      { name: "v1", labels: { version: "v1" } },
      { name: "v2", labels: { version: "v2" } },
    ];
    t.routes[0]!.http[2]!.destinations = [
      { service: "payments", namespace: "payments", port: 8080, subset: "v1", weight: 80 },
      { service: "payments", namespace: "payments", port: 8080, subset: "v2", weight: 20 },
    ];
    expect(errors(t)).toEqual([]);
    const v = serverVerdict(t);
    expect(v.refused).toEqual([]);
    const objects = renderCluster(t, "east", { format: "gateway-api" }).objects;
    expect(objects.filter((o) => o.kind === "Service").map((o) => o.metadata.name)).toEqual(
      expect.arrayContaining(["payments-v1", "payments-v2"]),
    );
  });

  it("renders one ReferenceGrant per namespace pair, and one for a certificate in another namespace", () => {
    const t = structuredClone(loadExample("02-payments-split"));
    const second = structuredClone(t.routes.find((r) => r.name === "analytics")!);
    second.name = "analytics-beta";
    second.host = "beta.analytics.my-company.io";
    t.routes.push(second);
    t.gateways.find((g) => g.name === "analytics-gateway")!.listeners[0]!.tls!.credentialName =
      "certs/analytics-tls";
    const objects = renderCluster(t, "east", { format: "gateway-api" }).objects;
    const grants = objects.filter((o) => o.kind === "ReferenceGrant").map((o) => objectKey(o));
    expect(grants).toEqual([
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant/analytics-ingest/portico-from-analytics-gateway",
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant/analytics-reports/portico-from-analytics-gateway",
      "gateway.networking.k8s.io/v1beta1/ReferenceGrant/certs/portico-gateways-from-analytics-gateway",
    ]);
    expect(checkRenderedObjects(objects)).toEqual([]);
  });

  it("the server-side checks are real: what the analyzer refuses, they refuse too", () => {
    const t = structuredClone(loadExample("03-payments-west"));
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners.push({ ...structuredClone(gw.listeners[0]!), port: 8443 });
    gw.disruptionBudget = { minAvailable: 2 };
    t.routes[0]!.http[0]!.match = [{ path: { regex: "/v1/(?!admin).*" } }];
    t.gateways.push({
      ...structuredClone(gw),
      name: "payments-edge",
      namespace: "edge",
      selector: gw.selector,
    });
    expect(errors(t).map((f) => f.code)).toEqual(
      expect.arrayContaining(["PTC024", "PTC025", "PTC026", "PTC029", "PTC032"]),
    );
    const problems = checkRenderedObjects(renderCluster(t, "east").objects).join("\n");
    expect(problems).toMatch(/Service\/payments\/payments-gateway: port name https used twice/);
    expect(problems).toMatch(/Gateway\/payments\/payments-gateway: server port name https used twice/);
    expect(problems).toMatch(/VirtualService\/payments\/payments uri: regex .* is not RE2/);
    expect(problems).toMatch(
      /PodDisruptionBudget\/payments\/payments-gateway: minAvailable 2 with 2 replica/,
    );
    expect(problems).toMatch(
      /Gateway\/payments\/payments-gateway: selector matches the pods of .*edge\/payments-edge/,
    );
  });

  it("a cross-namespace backend without its ReferenceGrant is refused", () => {
    const objects = renderCluster(loadExample("02-payments-split"), "east", {
      format: "gateway-api",
    }).objects;
    const withoutGrants = objects.filter((o) => o.kind !== "ReferenceGrant");
    expect(checkRenderedObjects(withoutGrants).join("\n")).toMatch(
      /HTTPRoute\/analytics-gateway\/analytics: backend analytics-ingest\/ingest without a ReferenceGrant/,
    );
  });
  it("the istioctl analyze checks of the stream are real (IST0112, IST0101, IST0174, IST0166)", () => {
    const t = structuredClone(loadExample("03-payments-west"));
    // A route to the gateway's own Service (status port and 443) without a port, and one to a
    // port that Service lacks (testdata/virtualservice_destinationhosts.yaml).
    t.routes[0]!.http[0]!.destinations = [{ service: "payments-gateway", namespace: "payments" }];
    t.routes[0]!.http[1]!.destinations = [{ service: "payments-gateway", namespace: "payments", port: 8443 }];
    expect(errors(t).map((f) => f.code)).toEqual(expect.arrayContaining(["PTC035", "PTC036"]));
    const objects = renderCluster(t, "east").objects;
    const problems = checkRenderedObjects(objects).join("\n");
    expect(problems).toMatch(
      /payments-gateway.payments.svc.cluster.local has ports 15021, 443 and names none/,
    );
    expect(problems).toMatch(/payments-gateway.payments.svc.cluster.local has no port 8443/);
    // A failover DestinationRule whose ServiceEntry is missing matches no host (IST0174).
    expect(checkRenderedObjects(objects.filter((o) => o.kind !== "ServiceEntry")).join("\n")).toMatch(
      /DestinationRule\/payments\/payments-gateway-payments.my-company.io: host payments.my-company.io is no Service/,
    );
    // Pods of a gateway Istio deployed for a Gateway API Gateway take policies by targetRefs
    // (testdata for k8sgateway.SelectorAnalyzer, IST0166).
    const withGatewayPods = structuredClone(objects) as Array<Record<string, any>>;
    const deployment = withGatewayPods.find(
      (o) => o.kind === "Deployment" && o.metadata.name === "payments-gateway",
    )!;
    deployment.spec.template.metadata.labels["gateway.networking.k8s.io/gateway-name"] = "payments-gateway";
    expect(checkRenderedObjects(withGatewayPods as never).join("\n")).toMatch(
      /AuthorizationPolicy\/payments\/.*selector on the pods of Gateway API gateway/,
    );
  });

  it("renders no failover DestinationRule for a gateway host without its ServiceEntry", () => {
    const t = structuredClone(loadExample("03-payments-west"));
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.placement = [{ cluster: "east" }];
    t.clients.push({
      name: "ledger",
      namespace: "ledger",
      clusters: ["west"],
      calls: ["payments.my-company.io"],
    });
    const west = renderCluster(t, "west").objects;
    expect(west.filter((o) => o.metadata.namespace === "payments" && o.kind === "ServiceEntry")).toEqual([]);
    expect(
      west.filter((o) => o.kind === "DestinationRule" && o.metadata.name.startsWith("payments-gateway")),
    ).toEqual([]);
    expect(checkRenderedObjects(west)).toEqual([]);
  });
});
