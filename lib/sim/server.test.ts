import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { startSimulator, type Simulator } from "./simulator";
import { APPLY, client, istioGateway } from "./test-helpers";

let sim: Simulator;
let east: ReturnType<typeof client>;
let plain: ReturnType<typeof client>;

beforeAll(async () => {
  sim = await startSimulator({
    clusters: ["east=us-east-1a", { name: "plain", zone: "eu-west-1c", istio: false, gatewayApi: false }],
    tls: false,
    deploymentReadyDelayMs: 50,
    bookmarkIntervalMs: 100,
  });
  east = client(sim, "east");
  plain = client(sim, "plain");
  await east("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "payments" },
  });
});
afterAll(() => sim.stop());

const GW = "/apis/networking.istio.io/v1/namespaces/payments/gateways";

describe("discovery", () => {
  it("answers version, core and group discovery", async () => {
    expect((await east("GET", "/version")).body.major).toBe("1");
    expect((await east("GET", "/api")).body.versions).toEqual(["v1"]);
    const groups = (await east("GET", "/apis")).body.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(
      expect.arrayContaining([
        "apps",
        "networking.istio.io",
        "security.istio.io",
        "gateway.networking.k8s.io",
        "autoscaling",
        "policy",
      ]),
    );
    const res = (await east("GET", "/apis/networking.istio.io/v1")).body.resources.map(
      (r: { name: string }) => r.name,
    );
    expect(res).toEqual(
      expect.arrayContaining(["gateways", "virtualservices", "destinationrules", "serviceentries"]),
    );
    expect((await east("GET", "/openapi/v3")).status).toBe(404);
  });

  it("answers aggregated discovery v2 when asked, as kubectl 1.32 does", async () => {
    const accept =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    const r = await east("GET", "/apis", undefined, { accept });
    expect(r.headers["content-type"]).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    const apps = r.body.items.find((g: { metadata: { name: string } }) => g.metadata.name === "apps");
    const deploy = apps.versions[0].resources.find((x: { resource: string }) => x.resource === "deployments");
    expect(deploy).toMatchObject({
      scope: "Namespaced",
      responseKind: { group: "apps", version: "v1", kind: "Deployment" },
    });
    expect(deploy.subresources.map((x: { subresource: string }) => x.subresource)).toEqual([
      "status",
      "scale",
    ]);
    const core = (await east("GET", "/api", undefined, { accept })).body;
    expect(core.items[0].metadata.name).toBe("");
    const plainGroups = (await plain("GET", "/apis", undefined, { accept })).body.items.map(
      (g: { metadata: { name: string } }) => g.metadata.name,
    );
    expect(plainGroups).not.toContain("networking.istio.io");
  });

  it("answers 404 for add-on groups that are not installed", async () => {
    const groups = (await plain("GET", "/apis")).body.groups.map((g: { name: string }) => g.name);
    expect(groups).not.toContain("networking.istio.io");
    const r = await plain("GET", "/apis/networking.istio.io/v1/namespaces/default/gateways");
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: "Status", status: "Failure", reason: "NotFound", code: 404 });
    expect((await plain("GET", "/apis/networking.istio.io/v1")).status).toBe(404);
  });
});

describe("seeded cluster", () => {
  it("has zone-labelled nodes, istiod and the shared ingress gateway", async () => {
    const nodes = (await east("GET", "/api/v1/nodes")).body.items;
    expect(nodes.length).toBe(3);
    expect(nodes[0].metadata.labels["topology.kubernetes.io/zone"]).toBe("us-east-1a");
    expect(nodes[0].metadata.labels["topology.kubernetes.io/region"]).toBe("us-east-1");
    const istiod = (await east("GET", "/apis/apps/v1/namespaces/istio-system/deployments/istiod")).body;
    expect(istiod.spec.template.spec.containers[0].image).toBe("docker.io/istio/pilot:1.24.2");
    expect(istiod.metadata.labels["app.kubernetes.io/version"]).toBe("1.24.2");
    const svc = (
      await east("GET", "/api/v1/namespaces/istio-system/services?labelSelector=istio%3Dingressgateway")
    ).body.items[0];
    expect(svc.spec.type).toBe("LoadBalancer");
    expect(svc.status.loadBalancer.ingress[0].ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const planNodes = (await plain("GET", "/api/v1/nodes")).body.items;
    expect(planNodes[0].metadata.labels["topology.kubernetes.io/zone"]).toBe("eu-west-1c");
    expect((await plain("GET", "/api/v1/namespaces/istio-system")).status).toBe(404);
  });
});

describe("metadata-only reads", () => {
  it("answers PartialObjectMetadata without a Secret's data, for one object and for a list", async () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "tls", labels: { a: "b" } },
      data: { k: "dmFsdWU=" },
    };
    expect((await east("POST", "/api/v1/namespaces/payments/secrets", secret)).status).toBe(201);
    const accept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    const one = await east("GET", "/api/v1/namespaces/payments/secrets/tls", undefined, { accept });
    expect(one.body).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1" });
    expect(one.body.metadata).toMatchObject({ name: "tls", namespace: "payments", labels: { a: "b" } });
    expect(one.text).not.toContain("dmFsdWU=");
    const list = await east("GET", "/api/v1/namespaces/payments/secrets", undefined, {
      accept: "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1",
    });
    expect(list.body.kind).toBe("PartialObjectMetadataList");
    expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toContain("tls");
    expect(list.text).not.toContain("dmFsdWU=");
    // Without the header the whole object comes back.
    expect((await east("GET", "/api/v1/namespaces/payments/secrets/tls")).body.data).toEqual({
      k: "dmFsdWU=",
    });
    await east("DELETE", "/api/v1/namespaces/payments/secrets/tls");
  });
});

describe("CRUD semantics", () => {
  it("creates, gets, updates with a resourceVersion precondition and deletes", async () => {
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } };
    const created = await east("POST", "/api/v1/namespaces/payments/configmaps", body);
    expect(created.status).toBe(201);
    const md = created.body.metadata;
    expect(md).toMatchObject({ name: "cfg", namespace: "payments" });
    // Like kube-apiserver, core kinds carry no generation; Deployments and CRDs do.
    expect(md.generation).toBeUndefined();
    expect(md.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(md.resourceVersion)).toBeGreaterThan(0);
    expect((await east("POST", "/api/v1/namespaces/payments/configmaps", body)).body.reason).toBe(
      "AlreadyExists",
    );

    const upd = await east("PUT", "/api/v1/namespaces/payments/configmaps/cfg", {
      ...created.body,
      data: { a: "2" },
    });
    expect(upd.status).toBe(200);
    expect(Number(upd.body.metadata.resourceVersion)).toBeGreaterThan(Number(md.resourceVersion));
    expect(upd.body.metadata.generation).toBeUndefined();
    const stale = await east("PUT", "/api/v1/namespaces/payments/configmaps/cfg", {
      ...created.body,
      data: { a: "3" },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      kind: "Status",
      apiVersion: "v1",
      status: "Failure",
      reason: "Conflict",
      code: 409,
    });
    expect(stale.body.message).toContain("the object has been modified");

    const del = await east("DELETE", "/api/v1/namespaces/payments/configmaps/cfg");
    expect(del.status).toBe(200);
    const again = await east("DELETE", "/api/v1/namespaces/payments/configmaps/cfg");
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({
      reason: "NotFound",
      message: 'configmaps "cfg" not found',
      details: { name: "cfg", kind: "configmaps" },
    });
  });

  it("refuses writes into a missing namespace, bad names and oversized bodies", async () => {
    const r = await east("POST", "/api/v1/namespaces/nope/configmaps", { metadata: { name: "x" } });
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('namespaces "nope" not found');
    const bad = await east("POST", "/api/v1/namespaces/payments/configmaps", {
      metadata: { name: "Bad_Name" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.reason).toBe("Invalid");
    expect(bad.body.details.causes[0].field).toBe("metadata.name");
    const badLabel = await east("POST", "/api/v1/namespaces/payments/configmaps", {
      metadata: { name: "lbl", labels: { "app/x/y": "ok", good: "not ok!" } },
    });
    expect(badLabel.status).toBe(422);
    expect(badLabel.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
      "metadata.labels",
      "metadata.labels",
    ]);
    const big = await east("POST", "/api/v1/namespaces/payments/configmaps", undefined, {
      raw: JSON.stringify({ metadata: { name: "big" }, data: { x: "y".repeat(3 * 1024 * 1024 + 10) } }),
    });
    expect(big.status).toBe(413);
  });

  it("applies merge patch, JSON patch and strategic merge patch", async () => {
    const path = "/apis/apps/v1/namespaces/payments/deployments";
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "pay", labels: { app: "pay" } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "pay" } },
        template: {
          metadata: { labels: { app: "pay" } },
          spec: {
            containers: [
              { name: "app", image: "pay:1" },
              { name: "side", image: "s:1" },
            ],
          },
        },
      },
    };
    expect((await east("POST", path, dep)).status).toBe(201);
    const mp = await east(
      "PATCH",
      `${path}/pay`,
      { spec: { replicas: 3 } },
      { contentType: "application/merge-patch+json" },
    );
    expect(mp.body.spec.replicas).toBe(3);
    const jp = await east(
      "PATCH",
      `${path}/pay`,
      [{ op: "replace", path: "/metadata/labels/app", value: "pay2" }],
      {
        contentType: "application/json-patch+json",
      },
    );
    expect(jp.body.metadata.labels.app).toBe("pay2");
    const sp = await east(
      "PATCH",
      `${path}/pay`,
      { spec: { template: { spec: { containers: [{ name: "app", image: "pay:2" }] } } } },
      {
        contentType: "application/strategic-merge-patch+json",
      },
    );
    expect(sp.body.spec.template.spec.containers).toEqual([
      { name: "app", image: "pay:2" },
      { name: "side", image: "s:1" },
    ]);
    const bad = await east("PATCH", `${path}/pay`, [{ op: "remove", path: "/nope" }], {
      contentType: "application/json-patch+json",
    });
    expect(bad.status).toBe(422);
  });

  it("makes Deployments ready after the configured delay", async () => {
    const path = "/apis/apps/v1/namespaces/payments/deployments";
    const dep = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "slow" },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: "slow" } },
        template: {
          metadata: { labels: { app: "slow" } },
          spec: { containers: [{ name: "a", image: "a" }] },
        },
      },
    };
    const created = (await east("POST", path, dep)).body;
    let ready = created;
    for (let i = 0; i < 100 && ready.status?.readyReplicas !== 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ready = (await east("GET", `${path}/slow`)).body;
    }
    expect(ready.status).toMatchObject({ readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 });
    // Before that, the rollout was reported in progress (read from the event history, not timing).
    const statuses = sim
      .cluster("east")
      .store.eventsSince(Number(created.metadata.resourceVersion))!
      .filter((e) => e.object.metadata.name === "slow")
      .map((e) => e.object.status);
    expect(statuses[0]).toMatchObject({ unavailableReplicas: 2, observedGeneration: 1 });
    expect(statuses[0].readyReplicas).toBeUndefined();
    const pods = (await east("GET", "/api/v1/namespaces/payments/pods?labelSelector=app%3Dslow")).body.items;
    expect(pods.length).toBe(2);
  });

  it("rolls out a patched Deployment (the scale subresource, as kubectl scale sends it)", async () => {
    const path = "/apis/apps/v1/namespaces/payments/deployments/slow";
    const scaled = await east(
      "PATCH",
      `${path}/scale`,
      { spec: { replicas: 0 } },
      {
        contentType: "application/merge-patch+json",
      },
    );
    expect(scaled.status).toBe(200);
    let dep = (await east("GET", path)).body;
    for (let i = 0; i < 100 && dep.status?.readyReplicas !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      dep = (await east("GET", path)).body;
    }
    expect(dep.metadata.generation).toBe(2);
    expect(dep.status).toMatchObject({ observedGeneration: 2, replicas: 0 });
    const pods = (await east("GET", "/api/v1/namespaces/payments/pods?labelSelector=app%3Dslow")).body.items;
    expect(pods).toEqual([]);
  });

  it("deletes a namespace with its contents", async () => {
    await east("POST", "/api/v1/namespaces", { metadata: { name: "tmp" } });
    await east("POST", "/api/v1/namespaces/tmp/configmaps", { metadata: { name: "c" } });
    expect((await east("GET", "/api/v1/namespaces/tmp/serviceaccounts/default")).status).toBe(200);
    const d = await east("DELETE", "/api/v1/namespaces/tmp");
    expect(d.body.status.phase).toBe("Terminating");
    expect((await east("GET", "/api/v1/namespaces/tmp/configmaps/c")).status).toBe(404);
    expect((await east("GET", "/api/v1/namespaces/tmp")).status).toBe(404);
    expect((await east("DELETE", "/api/v1/namespaces/default")).status).toBe(403);
  });
});

describe("catalogue", () => {
  it("serves every built-in kind Portico renders", async () => {
    const objs: [string, object][] = [
      [
        "/apis/policy/v1/namespaces/payments/poddisruptionbudgets",
        {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: "p" },
          spec: { minAvailable: 1, selector: { matchLabels: { app: "p" } } },
        },
      ],
      [
        "/apis/autoscaling/v2/namespaces/payments/horizontalpodautoscalers",
        {
          apiVersion: "autoscaling/v2",
          kind: "HorizontalPodAutoscaler",
          metadata: { name: "p" },
          spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "p" },
            minReplicas: 1,
            maxReplicas: 3,
          },
        },
      ],
      [
        "/apis/networking.k8s.io/v1/namespaces/payments/ingresses",
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "Ingress",
          metadata: { name: "p" },
          spec: { rules: [{ host: "p.example.com" }] },
        },
      ],
      [
        "/apis/rbac.authorization.k8s.io/v1/namespaces/payments/roles",
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "Role",
          metadata: { name: "p" },
          rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
        },
      ],
      [
        "/apis/rbac.authorization.k8s.io/v1/namespaces/payments/rolebindings",
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name: "p" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "p" },
          subjects: [],
        },
      ],
      [
        "/api/v1/namespaces/payments/serviceaccounts",
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "p" } },
      ],
      [
        "/api/v1/namespaces/payments/services",
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "p" },
          spec: { selector: { app: "p" }, ports: [{ port: 80 }] },
        },
      ],
      [
        "/apis/security.istio.io/v1/namespaces/payments/authorizationpolicies",
        {
          apiVersion: "security.istio.io/v1",
          kind: "AuthorizationPolicy",
          metadata: { name: "p" },
          spec: { action: "ALLOW", rules: [{}] },
        },
      ],
      [
        "/apis/security.istio.io/v1/namespaces/payments/peerauthentications",
        {
          apiVersion: "security.istio.io/v1",
          kind: "PeerAuthentication",
          metadata: { name: "p" },
          spec: { mtls: { mode: "STRICT" } },
        },
      ],
      [
        "/apis/security.istio.io/v1/namespaces/payments/requestauthentications",
        {
          apiVersion: "security.istio.io/v1",
          kind: "RequestAuthentication",
          metadata: { name: "p" },
          spec: { jwtRules: [{ issuer: "https://id.example.com" }] },
        },
      ],
      [
        "/apis/networking.istio.io/v1/namespaces/payments/virtualservices",
        {
          apiVersion: "networking.istio.io/v1",
          kind: "VirtualService",
          metadata: { name: "p" },
          spec: {
            hosts: ["p.example.com"],
            gateways: ["pay"],
            http: [{ route: [{ destination: { host: "p" } }] }],
          },
        },
      ],
      [
        "/apis/networking.istio.io/v1/namespaces/payments/destinationrules",
        {
          apiVersion: "networking.istio.io/v1",
          kind: "DestinationRule",
          metadata: { name: "p" },
          spec: { host: "p", trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } } },
        },
      ],
      [
        "/apis/networking.istio.io/v1/namespaces/payments/serviceentries",
        {
          apiVersion: "networking.istio.io/v1",
          kind: "ServiceEntry",
          metadata: { name: "p" },
          spec: {
            hosts: ["p.west.example.com"],
            location: "MESH_INTERNAL",
            resolution: "DNS",
            ports: [{ number: 443, name: "https", protocol: "HTTPS" }],
          },
        },
      ],
      [
        "/apis/gateway.networking.k8s.io/v1/namespaces/payments/gateways",
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "Gateway",
          metadata: { name: "p" },
          spec: { gatewayClassName: "istio", listeners: [{ name: "http", port: 80, protocol: "HTTP" }] },
        },
      ],
      [
        "/apis/gateway.networking.k8s.io/v1/namespaces/payments/httproutes",
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          metadata: { name: "p" },
          spec: { parentRefs: [{ name: "p" }], hostnames: ["p.example.com"] },
        },
      ],
    ];
    for (const [path, obj] of objs) {
      const r = await east("PATCH", `${path}/p?fieldManager=portico`, obj, { contentType: APPLY });
      expect(r.status, `${path}: ${r.text}`).toBe(201);
      const list = await east("GET", path);
      expect(list.body.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toContain("p");
    }
    const svc = (await east("GET", "/api/v1/namespaces/payments/services/p")).body;
    expect(svc.spec.clusterIP).toMatch(/^10\.96\./);
  });
});

describe("list", () => {
  it("filters by label and field selectors and pages with limit/continue", async () => {
    for (let i = 0; i < 5; i++) {
      await east("POST", "/api/v1/namespaces/payments/secrets", {
        metadata: { name: `s${i}`, labels: { idx: String(i), parity: i % 2 ? "odd" : "even" } },
        data: {},
      });
    }
    const q = (s: string) =>
      east("GET", `/api/v1/namespaces/payments/secrets?${s}`).then((r) =>
        r.body.items.map((o: { metadata: { name: string } }) => o.metadata.name),
      );
    expect(await q("labelSelector=" + encodeURIComponent("parity=odd"))).toEqual(["s1", "s3"]);
    expect(await q("labelSelector=" + encodeURIComponent("idx in (0,4),parity!=odd"))).toEqual(["s0", "s4"]);
    expect(await q("labelSelector=" + encodeURIComponent("idx notin (0,1,2),!missing"))).toEqual([
      "s3",
      "s4",
    ]);
    expect(await q("labelSelector=idx")).toHaveLength(5);
    expect(await q("fieldSelector=" + encodeURIComponent("metadata.name=s2"))).toEqual(["s2"]);
    const p1 = (await east("GET", "/api/v1/namespaces/payments/secrets?labelSelector=idx&limit=2")).body;
    expect(p1.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["s0", "s1"]);
    expect(p1.metadata.remainingItemCount).toBe(3);
    const p2 = (
      await east(
        "GET",
        `/api/v1/namespaces/payments/secrets?labelSelector=idx&limit=2&continue=${p1.metadata.continue}`,
      )
    ).body;
    expect(p2.items.map((o: { metadata: { name: string } }) => o.metadata.name)).toEqual(["s2", "s3"]);
    const all = (await east("GET", "/api/v1/secrets?labelSelector=idx")).body.items;
    expect(all).toHaveLength(5);
    expect((await east("GET", "/api/v1/namespaces/payments/secrets?labelSelector=a%20b")).status).toBe(400);
  });
});

describe("server-side apply over HTTP", () => {
  it("creates, records managedFields, no-ops, conflicts like kube-apiserver and honours force and dryRun", async () => {
    const gw = istioGateway("pay", "payments", "pay.my-company.io");
    const r1 = await east("PATCH", `${GW}/pay?fieldManager=portico`, gw, { contentType: APPLY });
    expect(r1.status).toBe(201);
    expect(r1.body.metadata.managedFields[0]).toMatchObject({
      manager: "portico",
      operation: "Apply",
      fieldsType: "FieldsV1",
    });
    const rv = r1.body.metadata.resourceVersion;

    const yamlBody = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: pay
  namespace: payments
  labels: {product: pay}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [pay.my-company.io]
`;
    const same = await east("PATCH", `${GW}/pay?fieldManager=portico`, yamlBody, { contentType: APPLY });
    expect(same.status).toBe(200);
    expect(same.body.metadata.resourceVersion).toBe(rv);
    expect(same.body.metadata.generation).toBe(1);

    const rival = { ...gw, spec: { ...gw.spec, selector: { istio: "other" } } };
    const c = await east("PATCH", `${GW}/pay?fieldManager=rival`, rival, { contentType: APPLY });
    expect(c.status).toBe(409);
    expect(c.body).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 1 conflict: conflict with "portico": .spec.selector.istio',
      reason: "Conflict",
      details: {
        causes: [
          { type: "FieldManagerConflict", message: 'conflict with "portico"', field: ".spec.selector.istio" },
        ],
      },
      code: 409,
    });

    const dry = await east("PATCH", `${GW}/pay?fieldManager=rival&force=true&dryRun=All`, rival, {
      contentType: APPLY,
    });
    expect(dry.status).toBe(200);
    expect(dry.body.spec.selector.istio).toBe("other");
    expect((await east("GET", `${GW}/pay`)).body.spec.selector.istio).toBe("ingressgateway");

    const forced = await east("PATCH", `${GW}/pay?fieldManager=rival&force=true`, rival, {
      contentType: APPLY,
    });
    expect(forced.status).toBe(200);
    expect(forced.body.metadata.generation).toBe(2);
    const owners = forced.body.metadata.managedFields.map((e: { manager: string }) => e.manager);
    expect(owners).toEqual(["portico", "rival"]);

    const noMgr = await east("PATCH", `${GW}/pay`, gw, { contentType: APPLY });
    expect(noMgr.status).toBe(422);
  });

  it("validates Istio objects against their schema", async () => {
    const bad = istioGateway("broken", "payments", "x.my-company.io");
    delete (bad.spec.servers[0]!.port as { name?: string }).name;
    const r = await east("PATCH", `${GW}/broken?fieldManager=portico`, bad, { contentType: APPLY });
    expect(r.status).toBe(422);
    expect(r.body.reason).toBe("Invalid");
    expect(r.body.details.causes).toContainEqual({
      reason: "FieldValueRequired",
      message: "Required value",
      field: "spec.servers[0].port.name",
    });
    expect(r.body.message).toBe(
      'Gateway.networking.istio.io "broken" is invalid: spec.servers[0].port.name: Required value',
    );
  });
});

describe("access control", () => {
  it("answers 401 without a valid token and 403 with the RBAC message shape", async () => {
    expect((await east("GET", "/api/v1/namespaces", undefined, { token: null })).status).toBe(401);
    expect((await east("GET", "/api/v1/namespaces", undefined, { token: "wrong" })).body.reason).toBe(
      "Unauthorized",
    );
    const { token } = sim.addToken("east", {
      user: "team-lead",
      rules: [
        {
          apiGroups: ["networking.istio.io"],
          resources: ["virtualservices"],
          verbs: ["get", "list"],
          namespaces: ["payments"],
        },
      ],
    });
    const lead = client(sim, "east", token);
    expect(
      (await lead("GET", "/apis/networking.istio.io/v1/namespaces/payments/virtualservices")).status,
    ).toBe(200);
    const f = await lead("GET", "/apis/networking.istio.io/v1/namespaces/other/gateways");
    expect(f.status).toBe(403);
    expect(f.body).toMatchObject({
      kind: "Status",
      reason: "Forbidden",
      code: 403,
      message:
        'gateways.networking.istio.io is forbidden: User "team-lead" cannot list resource "gateways" in API group "networking.istio.io" in the namespace "other"',
      details: { group: "networking.istio.io", kind: "gateways" },
    });
    const cs = await lead("GET", "/api/v1/namespaces");
    expect(cs.body.message).toBe(
      'namespaces is forbidden: User "team-lead" cannot list resource "namespaces" in API group "" at the cluster scope',
    );

    const ssar = (attrs: object) =>
      lead("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        apiVersion: "authorization.k8s.io/v1",
        kind: "SelfSubjectAccessReview",
        spec: { resourceAttributes: attrs },
      });
    expect(
      (
        await ssar({
          verb: "list",
          group: "networking.istio.io",
          resource: "virtualservices",
          namespace: "payments",
        })
      ).body.status.allowed,
    ).toBe(true);
    expect(
      (
        await ssar({
          verb: "delete",
          group: "networking.istio.io",
          resource: "virtualservices",
          namespace: "payments",
        })
      ).body.status.allowed,
    ).toBe(false);
    const ssrr = await lead("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
      spec: { namespace: "payments" },
    });
    expect(ssrr.body.status.resourceRules).toEqual([
      { verbs: ["get", "list"], apiGroups: ["networking.istio.io"], resources: ["virtualservices"] },
    ]);
    const other = await lead("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", {
      spec: { namespace: "other" },
    });
    expect(other.body.status.resourceRules).toEqual([]);
  });
});

describe("watch", () => {
  function watch(path: string): Promise<{
    events: {
      type: string;
      object: { metadata: { name?: string; resourceVersion: string; annotations?: Record<string, string> } };
    }[];
    close: () => void;
  }> {
    const c = sim.clusters.find((x) => x.name === "east")!;
    const base = new URL(c.server);
    return new Promise((resolve, reject) => {
      const events: { type: string; object: { metadata: { name?: string; resourceVersion: string } } }[] = [];
      const r = request(
        { host: base.hostname, port: base.port, path, headers: { Authorization: `Bearer ${c.token}` } },
        (res) => {
          let buf = "";
          res.on("data", (d: Buffer) => {
            buf += d.toString();
            let i;
            while ((i = buf.indexOf("\n")) >= 0) {
              events.push(JSON.parse(buf.slice(0, i)));
              buf = buf.slice(i + 1);
            }
          });
          resolve({ events, close: () => r.destroy() });
        },
      );
      r.on("error", () => undefined);
      r.on("error", reject);
      r.end();
    });
  }
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  };

  it("lists then watches from a resourceVersion, with bookmarks and filtered deletes", async () => {
    const path = "/api/v1/namespaces/payments/configmaps";
    await east("POST", path, { metadata: { name: "w1", labels: { w: "yes" } } });
    const list = (await east("GET", `${path}?labelSelector=w`)).body;
    const w = await watch(
      `${path}?watch=1&labelSelector=w%3Dyes&allowWatchBookmarks=true&resourceVersion=${list.metadata.resourceVersion}`,
    );
    await east("POST", path, { metadata: { name: "w2", labels: { w: "yes" } } });
    await east("POST", path, { metadata: { name: "w3", labels: { w: "no" } } });
    await east(
      "PATCH",
      `${path}/w1`,
      { metadata: { labels: { w: "no" } } },
      { contentType: "application/merge-patch+json" },
    );
    await east("DELETE", `${path}/w2`);
    await until(
      () =>
        w.events.filter((e) => e.type !== "BOOKMARK").length >= 3 &&
        w.events.some((e) => e.type === "BOOKMARK"),
    );
    w.close();
    const seen = w.events
      .filter((e) => e.type !== "BOOKMARK")
      .map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(seen).toEqual(["ADDED w2", "DELETED w1", "DELETED w2"]);
    expect(w.events.some((e) => e.type === "BOOKMARK")).toBe(true);
    const rvs = w.events
      .filter((e) => e.type !== "BOOKMARK")
      .map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it("sends current state first, then a bookmark ending the initial events", async () => {
    const w = await watch("/api/v1/nodes?watch=true&sendInitialEvents=true&allowWatchBookmarks=true");
    await until(() => w.events.length >= 4);
    w.close();
    expect(w.events.slice(0, 3).every((e) => e.type === "ADDED")).toBe(true);
    expect(w.events[3]!.type).toBe("BOOKMARK");
    expect(w.events[3]!.object.metadata.annotations).toEqual({ "k8s.io/initial-events-end": "true" });
  });
});
