// Internal clients through a cluster's mesh entry (an HTTP forward proxy that routes as the calling
// workload's sidecar would). Mesh-bound routing follows
// istio.io/latest/docs/reference/config/networking/virtual-service/ (gateways defaulting to "mesh",
// HTTPMatchRequest.sourceLabels) and the egress task
// istio.io/latest/docs/tasks/traffic-management/egress/egress-control/ (HTTPS to a ServiceEntry host).
import { Client, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, startTrafficSim, until, type TrafficSim } from "@/test/traffic";

const PAYMENTS = "payments.payments.svc.cluster.local";
const SOURCE = "x-portico-sim-source";

describe("mesh traffic from internal clients (real kubectl, curl and undici)", () => {
  let t: TrafficSim;
  let mesh: string;
  let client: Client;
  /** A plain-HTTP call through the mesh entry, as workload `source` ("ns/name") would make it. */
  const call = async (source: string, url: string) => {
    const r = await client.request({ method: "GET", path: url, headers: { [SOURCE]: source } });
    const text = await r.body.text();
    return { status: r.statusCode, json: JSON.parse(text) };
  };

  beforeAll(async () => {
    t = await startTrafficSim(["east=us-east-1a"]);
    mesh = t.sim.clusters[0]!.meshProxy!;
    client = new Client(`http://${mesh}`);
  });
  afterAll(async () => {
    await client?.close();
    await t?.stop();
  });

  it("routes a workload's call to a plain Kubernetes Service (curl -x MESHPROXY)", async () => {
    const r = await curl([
      "-x",
      `http://${mesh}`,
      "-H",
      `${SOURCE}: checkout/checkout`,
      `http://${PAYMENTS}:8080/v1/payments`,
    ]);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ cluster: "east", service: "payments", path: "/v1/payments" });
    // Short names resolve as the pod's DNS search list would.
    expect((await call("payments/direct-deposit", "http://payments:8080/v1/payments")).json.service).toBe(
      "payments",
    );
    // The mesh entry reports the caller as the source workload.
    const metrics = await request(`http://${mesh}/stats/prometheus`).then((x) => x.body.text());
    expect(metrics).toMatch(
      /istio_requests_total\{reporter="source",source_workload="checkout",source_workload_namespace="checkout",[^}]*destination_service="payments\.payments\.svc\.cluster\.local"[^}]*response_code="200"[^}]*\} 1/,
    );
  });

  it("applies a mesh-bound VirtualService by the caller's sourceLabels", async () => {
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-split, namespace: payments}
spec:
  hosts: [payments]
  http:
  - match: [{sourceLabels: {app: checkout}, uri: {prefix: /v1/payments/cards}}]
    route: [{destination: {host: credit-card}}]
  - route: [{destination: {host: payments}}]
`,
    );
    const fromCheckout = await until("the mesh route", async () => {
      const r = await call("checkout/checkout", `http://${PAYMENTS}:8080/v1/payments/cards`);
      return r.json.service === "credit-card" ? r : undefined;
    });
    expect(fromCheckout.json.path).toBe("/v1/payments/cards");
    const fromIngest = await call("analytics-ingest/ingest", `http://${PAYMENTS}:8080/v1/payments/cards`);
    expect(fromIngest.json.service).toBe("payments");
    const r = await curl([
      "-x",
      `http://${mesh}`,
      "-H",
      `${SOURCE}: checkout/checkout`,
      `http://${PAYMENTS}:8080/v1/payments/cards/9`,
    ]);
    expect(r.json.service).toBe("credit-card");
  });

  it("tunnels HTTPS (CONNECT) to a ServiceEntry host whose endpoint is a gateway", async () => {
    const host = "payments.my-company.io";
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments-public, namespace: payments}
spec:
  hosts: [${host}]
  gateways: [istio-system/istio-ingressgateway]
  http: [{route: [{destination: {host: payments}}]}]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: payments-public, namespace: checkout}
spec:
  hosts: [${host}]
  location: MESH_INTERNAL
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
  endpoints: [{address: istio-ingressgateway.istio-system.svc.cluster.local}]
`,
    );
    const gateway = await t.loadBalancer("east", "istio-system", "istio-ingressgateway");
    const ca = await t.caFile("east");
    const r = await until("the tunnel through the gateway", async () => {
      const x = await curl([
        "-x",
        `http://${mesh}`,
        "--proxy-header",
        `${SOURCE}: checkout/checkout`,
        "--cacert",
        ca.path,
        `https://${host}/v1/payments`,
      ]);
      return x.status === 200 ? x : undefined;
    });
    expect(r.json).toMatchObject({ service: "payments", host });
    // The gateway terminated TLS and routed it: Envoy's headers are there.
    expect(r.json.headers["x-forwarded-proto"]).toBe("https");
    const log = await request(
      `${t.sim.adminUrl}/_sim/clusters/east/accesslog?proxy=istio-system/istio-ingressgateway`,
      { headers: { authorization: `Bearer ${t.sim.adminToken}` } },
    ).then((x) => x.body.text());
    expect(log).toContain(`"GET /v1/payments HTTP/1.1" 200`);
    expect(gateway).toMatch(/^127\./);
  });
});
