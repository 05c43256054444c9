// Gateway API (gateway.networking.k8s.io/v1) end to end: a Gateway of class istio gets Istio's
// automated deployment and an address; HTTPRoutes route by the specification's precedence;
// ReferenceGrant guards cross-namespace backends; status is written back as istiod writes it.
// Objects follow gateway-api.sigs.k8s.io/guides/http-routing/, /guides/traffic-splitting/,
// /api-types/httproute/ ("Matches" precedence) and /api-types/referencegrant/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curl, send, startTrafficSim, until, type TrafficSim } from "@/test/traffic";

const HOST = "api.payments.my-company.io";

interface Condition {
  type: string;
  status: string;
  reason: string;
}

describe("Gateway API traffic (real kubectl, curl and undici)", () => {
  let t: TrafficSim;
  let addr: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    send(addr, HOST, path, { tls: false, headers });
  const conditions = async (kind: string, name: string, namespace: string) => {
    const obj = JSON.parse(await t.kubectl("east", "get", kind, name, "-n", namespace, "-o", "json"));
    return obj.status as {
      conditions?: Condition[];
      addresses?: { value: string }[];
      parents?: { conditions: Condition[] }[];
    };
  };

  beforeAll(async () => {
    t = await startTrafficSim(["east=us-east-1a"]);
    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: payments, namespace: payments}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: "*.payments.my-company.io"}
`,
    );
    addr = await t.loadBalancer("east", "payments", "payments-istio", 80);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("deploys payments-istio for a Gateway of class istio, with an address and Accepted/Programmed", async () => {
    const deploy = JSON.parse(
      await t.kubectl("east", "get", "deployment", "payments-istio", "-n", "payments", "-o", "json"),
    );
    expect(deploy.metadata.labels["gateway.networking.k8s.io/gateway-name"]).toBe("payments");
    expect(deploy.metadata.ownerReferences[0]).toMatchObject({ kind: "Gateway", name: "payments" });
    const svc = JSON.parse(
      await t.kubectl("east", "get", "service", "payments-istio", "-n", "payments", "-o", "json"),
    );
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.status.loadBalancer.ingress[0].ip).toBe(addr);
    const status = await until("the Gateway's address in its status", async () => {
      const s = await conditions("gateway.gateway.networking.k8s.io", "payments", "payments");
      return s.addresses?.[0]?.value === addr ? s : undefined;
    });
    expect(status.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual(
      expect.arrayContaining([
        ["Accepted", "True", "Accepted"],
        ["Programmed", "True", "Programmed"],
      ]),
    );
  });

  it("routes by the Gateway API precedence: exact path, longest prefix, then most header matches", async () => {
    // The older route has the broad prefix; Istio's first match would pick it, Gateway API does not.
    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: payments, namespace: payments}
spec:
  parentRefs: [{name: payments}]
  hostnames: [${HOST}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v1}}]
    backendRefs: [{name: payments, port: 8080}]
`,
    );
    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cards, namespace: payments}
spec:
  parentRefs: [{name: payments}]
  hostnames: [${HOST}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /v1/cards}}]
    backendRefs: [{name: credit-card, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /v1/cards}
      headers: [{name: x-account-type, value: savings}]
    backendRefs: [{name: direct-deposit, port: 8080}]
  - matches: [{path: {type: Exact, value: /v1}}]
    backendRefs: [{name: direct-deposit, port: 8080}]
`,
    );
    const cards = await until("the cards route", async () => {
      const r = await curl(["--resolve", `${HOST}:80:${addr}`, `http://${HOST}/v1/cards/1`]);
      return r.json?.service === "credit-card" ? r : undefined;
    });
    expect(cards.json).toMatchObject({ path: "/v1/cards/1", host: HOST });
    expect((await get("/v1/cards/1", { "x-account-type": "savings" })).json.service).toBe("direct-deposit");
    expect((await get("/v1")).json.service).toBe("direct-deposit");
    expect((await get("/v1/payments")).json.service).toBe("payments");
    const none = await get("/v2");
    expect(none.status).toBe(404);
    // A hostname outside the listener's is not served by these routes.
    expect((await send(addr, "other.my-company.io", "/v1", { tls: false })).status).toBe(404);
    const route = await conditions("httproute", "cards", "payments");
    expect(route.parents![0]!.conditions.map((c) => [c.type, c.status])).toEqual(
      expect.arrayContaining([
        ["Accepted", "True"],
        ["ResolvedRefs", "True"],
      ]),
    );
  });

  it("splits by backendRefs weights (gateway-api.sigs.k8s.io/guides/traffic-splitting/)", async () => {
    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: split, namespace: payments}
spec:
  parentRefs: [{name: payments}]
  hostnames: [${HOST}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /split}}]
    backendRefs:
    - {name: payments, port: 8080, weight: 90}
    - {name: credit-card, port: 8080, weight: 10}
`,
    );
    await until("the split route", async () => ((await get("/split")).status === 200 ? true : undefined));
    const counts: Record<string, number> = {};
    for (let batch = 0; batch < 5; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => get("/split")));
      for (const r of replies) counts[r.json.service] = (counts[r.json.service] ?? 0) + 1;
    }
    // Binomial(100, 0.9): mean 90, sd 3.
    expect(counts.payments).toBeGreaterThan(75);
    expect(counts.payments).toBeLessThan(100);
    expect(counts["credit-card"]).toBeGreaterThan(0);
  });

  it("refuses a cross-namespace backend without a ReferenceGrant (500, RefNotPermitted), serves it with one", async () => {
    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reports, namespace: payments}
spec:
  parentRefs: [{name: payments}]
  hostnames: [${HOST}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /reports}}]
    backendRefs: [{name: reports, namespace: analytics-reports, port: 8080}]
`,
    );
    const refused = await until("the refused backend", async () => {
      const r = await curl(["--resolve", `${HOST}:80:${addr}`, `http://${HOST}/reports/daily`]);
      return r.status === 500 ? r : undefined;
    });
    expect(refused.json).toBeUndefined();
    const status = await until("ResolvedRefs=False on the route", async () => {
      const s = await conditions("httproute", "reports", "payments");
      const c = s.parents?.[0]?.conditions.find((x) => x.type === "ResolvedRefs");
      return c?.status === "False" ? c : undefined;
    });
    expect(status.reason).toBe("RefNotPermitted");

    await t.apply(
      "east",
      `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: payments-routes, namespace: analytics-reports}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: payments}]
  to: [{group: "", kind: Service}]
`,
    );
    const allowed = await until("the granted backend", async () => {
      const r = await get("/reports/daily");
      return r.status === 200 ? r : undefined;
    });
    expect(allowed.json).toMatchObject({
      namespace: "analytics-reports",
      service: "reports",
      path: "/reports/daily",
    });
    const resolved = await until("ResolvedRefs=True on the route", async () => {
      const s = await conditions("httproute", "reports", "payments");
      const c = s.parents?.[0]?.conditions.find((x) => x.type === "ResolvedRefs");
      return c?.status === "True" ? c : undefined;
    });
    expect(resolved.reason).toBe("ResolvedRefs");
  });
});
