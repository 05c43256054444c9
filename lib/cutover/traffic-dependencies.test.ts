import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderCluster } from "@/lib/istio";
import { objectKey, parseTopology, type Topology } from "@/lib/topology";
import { checkKey, productClusters, productFactChecks } from "./fact-checks";
import { trafficDependencies } from "./traffic-dependencies";

function topology(file: string): Topology {
  const parsed = parseTopology(parse(readFileSync(path.join("docs/examples", file), "utf8")));
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return parsed.topology;
}

function gated(t: Topology, cluster: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of renderCluster(t, cluster).objects) {
    const deps = trafficDependencies(t, cluster, o);
    if (deps.length) out.set(objectKey(o), deps.map(checkKey));
  }
  return out;
}

describe("trafficDependencies", () => {
  it("the shared ingress alone moves no traffic: nothing waits", () => {
    expect(gated(topology("00-shared-ingress.yaml"), "east").size).toBe(0);
  });

  it("routes bound to a product gateway and its mesh entry wait for the gateway, its Secret and backends", () => {
    const deps = gated(topology("01-payments-gateway.yaml"), "east");
    expect([...deps.keys()].sort()).toEqual([
      "networking.istio.io/v1/ServiceEntry/analytics-gateway/analytics-gateway-mesh",
      "networking.istio.io/v1/ServiceEntry/payments/payments-gateway-mesh",
      "networking.istio.io/v1/VirtualService/analytics-gateway/analytics",
      "networking.istio.io/v1/VirtualService/payments/payments",
    ]);
    expect(deps.get("networking.istio.io/v1/VirtualService/payments/payments")).toEqual([
      "gateway-deployment:payments/payments-gateway",
      "gateway-address:payments/payments-gateway",
      "tls-secret:payments/payments-tls",
      "backend-endpoints:payments/payments",
    ]);
    expect(deps.get("networking.istio.io/v1/VirtualService/analytics-gateway/analytics")).toEqual([
      "gateway-deployment:analytics-gateway/analytics-gateway",
      "gateway-address:analytics-gateway/analytics-gateway",
      "tls-secret:analytics-gateway/analytics-tls",
      "backend-endpoints:analytics-ingest/ingest",
      "backend-endpoints:analytics-reports/reports",
    ]);
    // The gateway's own workload, policies and rules never wait.
    expect([...deps.keys()].some((k) => /Deployment|Gateway\/|DestinationRule/.test(k))).toBe(false);
  });

  it("a route whose gateway runs elsewhere waits on nothing here; a Secret named ns/name is looked up there", () => {
    const t = topology("03-payments-west.yaml");
    for (const cluster of ["east", "west"]) {
      for (const deps of gated(t, cluster).values())
        for (const d of deps.filter((x) => x.startsWith("gateway-")))
          expect(
            t.gateways
              .find((g) => `${g.namespace}/${g.name}` === d.split(":")[1])!
              .placement.map((p) => p.cluster),
          ).toContain(cluster);
    }
    const gw = t.gateways.find((g) => g.name === "payments-gateway")!;
    gw.listeners[0]!.tls = { mode: "SIMPLE", credentialName: "istio-system/wildcard" };
    expect(productFactChecks(t, "payments", "east").map(checkKey)).toContain(
      "tls-secret:istio-system/wildcard",
    );
  });

  it("a product's facts cover its gateways, their Gateway API status and its backends, in each of its clusters", () => {
    const t = topology("01-payments-gateway.yaml");
    expect(productClusters(t, "payments")).toEqual(["east"]);
    expect(productFactChecks(t, "payments", "east").map(checkKey)).toEqual([
      "gateway-deployment:payments/payments-gateway",
      "gateway-address:payments/payments-gateway",
      "tls-secret:payments/payments-tls",
      "gateway-api-status:payments/payments-gateway",
      "backend-endpoints:payments/payments",
    ]);
    expect(productFactChecks(t, "payments", "west")).toEqual([]);
  });
});
