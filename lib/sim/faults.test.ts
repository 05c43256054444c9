import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./simulator";
import { APPLY, adminClient, client, istioGateway } from "./test-helpers";

let sim: Simulator;
let east: ReturnType<typeof client>;
let admin: ReturnType<typeof adminClient>;
const GW = "/apis/networking.istio.io/v1/namespaces/default/gateways";

beforeAll(async () => {
  sim = await startSimulator({ clusters: ["east=us-east-1a", "west=us-west-2b"], tls: false });
  east = client(sim, "east");
  admin = adminClient(sim);
});
afterAll(() => sim.stop());

describe("fault injection, switched at run time", () => {
  it("protects the admin API with the admin token", async () => {
    const c = sim.clusters[0]!;
    const r = await east("GET", "/_sim/clusters/east/faults", undefined, { token: c.token });
    expect(r.status).toBe(401);
    const ok = await east("GET", "/_sim/clusters", undefined, { token: sim.adminToken });
    expect(ok.body.clusters.map((x: { name: string }) => x.name)).toEqual(["east", "west"]);
  });

  it("adds latency", async () => {
    await admin("PUT", "/_sim/clusters/east/faults", { latencyMs: 400 });
    let t = Date.now();
    await east("GET", "/api/v1/namespaces");
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    await admin("DELETE", "/_sim/clusters/east/faults");
    t = Date.now();
    await east("GET", "/api/v1/namespaces");
    expect(Date.now() - t).toBeLessThan(300);
  });

  it("answers 500/503 at the configured rate, optionally for some verbs only", async () => {
    await sim.faults.set("east", { errorRate: 1, errorCode: 503 });
    const r = await east("GET", "/api/v1/namespaces");
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", code: 503 });
    await sim.faults.set("east", { errorRate: 1, match: { verbs: ["patch"] } });
    expect((await east("GET", "/api/v1/namespaces")).status).toBe(200);
    const p = await east("PATCH", `${GW}/g?fieldManager=t`, istioGateway("g", "default", "a.example.com"), {
      contentType: APPLY,
    });
    expect(p.status).toBe(500);
    expect(p.body.reason).toBe("InternalError");
    await sim.faults.clear("east");
    expect((await east("GET", "/api/v1/namespaces")).status).toBe(200);
  });

  it("throttles with 429 and Retry-After", async () => {
    await admin("PATCH", "/_sim/clusters/east/faults", { throttleRate: 1, retryAfterSeconds: 7 });
    const r = await east("GET", "/api/v1/namespaces");
    expect(r.status).toBe(429);
    expect(r.headers["retry-after"]).toBe("7");
    expect(r.body).toMatchObject({ reason: "TooManyRequests", details: { retryAfterSeconds: 7 } });
    await admin("DELETE", "/_sim/clusters/east/faults");
    expect((await east("GET", "/api/v1/namespaces")).status).toBe(200);
  });

  it("drops connections", async () => {
    await sim.faults.set("east", { dropRate: 1 });
    await expect(east("GET", "/api/v1/namespaces")).rejects.toThrow(/socket hang up|ECONNRESET/);
    await sim.faults.clear("east");
    expect((await east("GET", "/api/v1/namespaces")).status).toBe(200);
  });

  it("takes a cluster down (refused, then reset) and brings it back on the same URL", async () => {
    await admin("PATCH", "/_sim/clusters/east/faults", { down: "refuse" });
    // A pooled keep-alive socket may first see its connection cut; new connections are refused.
    await expect(east("GET", "/api/v1/namespaces")).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
    await expect(east("GET", "/api/v1/namespaces")).rejects.toThrow(/ECONNREFUSED/);
    expect((await client(sim, "west")("GET", "/api/v1/namespaces")).status).toBe(200);
    await admin("PUT", "/_sim/clusters/east/faults", { down: "reset" });
    await expect(east("GET", "/api/v1/namespaces")).rejects.toThrow(/ECONNRESET|socket hang up/);
    await admin("PUT", "/_sim/clusters/east/faults", {});
    expect((await east("GET", "/api/v1/namespaces")).status).toBe(200);
  });

  it("runs a competing writer that takes a field under another manager", async () => {
    const gw = istioGateway("shared", "default", "shared.example.com");
    expect(
      (await east("PATCH", `${GW}/shared?fieldManager=portico`, gw, { contentType: APPLY })).status,
    ).toBe(201);
    await sim.faults.set("east", {
      competingWriter: {
        manager: "rogue-operator",
        group: "networking.istio.io",
        resource: "gateways",
        name: "shared",
        field: ".spec.selector.istio",
        value: "rogue",
      },
    });
    const live = (await east("GET", `${GW}/shared`)).body;
    expect(live.spec.selector.istio).toBe("rogue");
    expect(
      live.metadata.managedFields.map(
        (e: { manager: string; operation: string }) => `${e.manager}:${e.operation}`,
      ),
    ).toEqual(["portico:Apply", "rogue-operator:Update"]);
    const again = await east("PATCH", `${GW}/shared?fieldManager=portico`, gw, { contentType: APPLY });
    expect(again.status).toBe(409);
    expect(again.body.details.causes[0]).toMatchObject({
      type: "FieldManagerConflict",
      field: ".spec.selector.istio",
    });
    expect(again.body.details.causes[0].message).toMatch(
      /^conflict with "rogue-operator" using networking\.istio\.io\/v1 at /,
    );

    await sim.faults.clear("east");
    const forced = await east("PATCH", `${GW}/shared?fieldManager=portico&force=true`, gw, {
      contentType: APPLY,
    });
    expect(forced.body.spec.selector.istio).toBe("ingressgateway");
    expect(sim.runCompetingWriter("east")).toBe(0);

    await sim.faults.set("east", {
      competingWriter: {
        manager: "rogue-operator",
        resource: "gateways",
        field: ".spec.selector.istio",
        value: "rogue",
        intervalMs: 20,
      },
    });
    await east("PATCH", `${GW}/shared?fieldManager=portico&force=true`, gw, { contentType: APPLY });
    await new Promise((r) => setTimeout(r, 80));
    expect((await east("GET", `${GW}/shared`)).body.spec.selector.istio).toBe("rogue");
    await sim.faults.clear("east");
  });

  it("counts requests by verb and resource", async () => {
    sim.counters.reset("east");
    await east("GET", "/api/v1/namespaces");
    await east("GET", "/api/v1/namespaces/default");
    await east("PATCH", `${GW}/g2?fieldManager=t`, istioGateway("g2", "default", "b.example.com"), {
      contentType: APPLY,
    });
    const c = sim.counters.get("east");
    expect(c.total).toBe(3);
    expect(c.byVerb).toEqual({ list: 1, get: 1, patch: 1 });
    expect(c.byVerbResource["patch gateways.networking.istio.io"]).toBe(1);
    const viaAdmin = (await admin("GET", "/_sim/clusters/east/counters")).body;
    expect(viaAdmin.byResource.namespaces).toBe(2);
    expect((await admin("PUT", "/_sim/clusters/east/faults", { errorRate: 2 })).status).toBe(400);
  });
});
