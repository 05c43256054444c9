// Multi-cluster traffic: payments runs in east (us-east-1a) and west (us-west-2b), each behind its own
// product gateway; east and west form one mesh. Locality failover follows
// istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/failover/ (and its warning
// that failover needs outlier detection); the ServiceEntry follows the multi-cluster gateway pattern
// of istio.io/latest/docs/reference/config/networking/service-entry/.
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayWorkloadYaml, send, startTrafficSim, until, type TrafficSim } from "@/test/traffic";

const HOST = "payments.my-company.io";

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: payments-gateway, namespace: payments}
spec:
  selector: {istio: payments-gateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [${HOST}]
    tls: {mode: SIMPLE, credentialName: payments-tls}
`;

// In east, requests marked for west go to west's gateway through a ServiceEntry.
const routes = (toWest: boolean) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: payments, namespace: payments}
spec:
  hosts: [${HOST}]
  gateways: [payments-gateway]
  http:
${
  toWest
    ? `  - match: [{headers: {x-prefer-cluster: {exact: west}}}]
    route: [{destination: {host: payments.west.my-company.internal, port: {number: 443}}}]
`
    : ""
}  - route: [{destination: {host: payments.payments.svc.cluster.local, port: {number: 8080}}}]
`;

const destinationRule = (outlierDetection: boolean) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: payments, namespace: payments}
spec:
  host: payments.payments.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      localityLbSetting:
        enabled: true
        failover: [{from: us-east-1, to: us-west-2}]
${outlierDetection ? "    outlierDetection: {consecutive5xxErrors: 1, interval: 1s, baseEjectionTime: 1m}\n" : ""}`;

describe("multi-cluster traffic and locality failover (real kubectl and undici)", () => {
  let t: TrafficSim;
  let east: string;
  let west: string;
  let ca: string;
  const clustersAnswering = async (n: number, headers: Record<string, string> = {}) => {
    const seen: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = await send(east, HOST, "/v1/payments", { ca, headers });
      expect(r.status).toBe(200);
      seen.push(r.json.cluster);
    }
    return seen;
  };

  beforeAll(async () => {
    t = await startTrafficSim(["east=us-east-1a", "west=us-west-2b"]);
    const product = [gatewayWorkloadYaml("payments", "payments-gateway"), GATEWAY].join("---\n");
    await Promise.all([
      t.apply("east", [product, routes(true)].join("---\n")),
      t.apply("west", [product, routes(false)].join("---\n")),
    ]);
    [east, west] = await Promise.all([
      t.loadBalancer("east", "payments", "payments-gateway"),
      t.loadBalancer("west", "payments", "payments-gateway"),
    ]);
    ca = (await t.caFile("east")).pem;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("gives each cluster's gateway its own address", () => {
    expect(east).toMatch(/^127\./);
    expect(west).toMatch(/^127\./);
    expect(east).not.toBe(west);
  });

  it("spreads traffic over both clusters when the DestinationRule has no outlier detection", async () => {
    await t.apply("east", destinationRule(false));
    const seen = await clustersAnswering(10);
    expect(new Set(seen)).toEqual(new Set(["east", "west"]));
  });

  it("keeps traffic in east with outlier detection, fails over to west at zero replicas, and comes back", async () => {
    await t.apply("east", destinationRule(true));
    expect(new Set(await clustersAnswering(6))).toEqual(new Set(["east"]));

    await t.kubectl("east", "scale", "deploy/payments", "-n", "payments", "--replicas=0");
    await until("answers from west", async () => {
      const r = await send(east, HOST, "/v1/payments", { ca });
      return r.json?.cluster === "west" ? r : undefined;
    });
    const failedOver = await send(east, HOST, "/v1/payments", { ca });
    expect(failedOver.json).toMatchObject({ cluster: "west", zone: "us-west-2b", service: "payments" });
    expect(new Set(await clustersAnswering(4))).toEqual(new Set(["west"]));

    await t.kubectl("east", "scale", "deploy/payments", "-n", "payments", "--replicas=1");
    await until("answers from east again", async () => {
      const r = await send(east, HOST, "/v1/payments", { ca });
      return r.json?.cluster === "east" ? r : undefined;
    });
    expect(new Set(await clustersAnswering(4))).toEqual(new Set(["east"]));
  });

  it("routes to west's gateway through a ServiceEntry endpoint named payments-gateway.west.my-company.io", async () => {
    // West keeps its traffic local too (Portico renders the DestinationRule in every cluster):
    // without it west's gateway would share requests between both clusters' pods.
    await t.apply("west", destinationRule(true));
    await t.apply(
      "east",
      `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: payments-west, namespace: payments}
spec:
  hosts: [payments.west.my-company.internal]
  location: MESH_INTERNAL
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: DNS
  endpoints:
  - {address: payments-gateway.west.my-company.io, locality: us-west-2/us-west-2b}
`,
    );
    const r = await until("an answer through west's gateway", async () => {
      const x = await send(east, HOST, "/v1/payments/7", { ca, headers: { "x-prefer-cluster": "west" } });
      return x.status === 200 ? x : undefined;
    });
    expect(r.json).toMatchObject({
      cluster: "west",
      service: "payments",
      path: "/v1/payments/7",
      host: HOST,
    });
    // West's gateway served it: its access log has the request, from east's gateway.
    const log = await request(
      `${t.sim.adminUrl}/_sim/clusters/west/accesslog?proxy=payments/payments-gateway`,
      { headers: { authorization: `Bearer ${t.sim.adminToken}` } },
    ).then((x) => x.body.text());
    expect(log).toContain('"GET /v1/payments/7 HTTP/1.1" 200');
  });
});
