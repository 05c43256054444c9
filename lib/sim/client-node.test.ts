import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  makeInformer,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./simulator";

let sim: Simulator;
let kc: KubeConfig;
let objects: KubernetesObjectApi;

beforeAll(async () => {
  sim = await startSimulator({
    clusters: ["east=us-east-1a", "west=us-west-2b"],
    deploymentReadyDelayMs: 50,
  });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig("east"));
  objects = KubernetesObjectApi.makeApiClient(kc);
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: "payments" } } });
});
afterAll(() => sim.stop());

type Obj = KubernetesObject & { spec?: Record<string, unknown> };

const gateway = (selector: string): Obj => ({
  apiVersion: "networking.istio.io/v1",
  kind: "Gateway",
  metadata: { name: "payments", namespace: "payments", labels: { product: "payments" } },
  spec: {
    selector: { istio: selector },
    servers: [{ port: { number: 80, name: "http", protocol: "HTTP" }, hosts: ["payments.my-company.io"] }],
  },
});

const deployment: Obj = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "payments", namespace: "payments", labels: { app: "payments", tier: "backend" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "payments" } },
    template: {
      metadata: { labels: { app: "payments" } },
      spec: { containers: [{ name: "payments", image: "payments:1" }] },
    },
  },
};

const apply = (o: Obj, manager: string, force = false, dryRun?: string) =>
  objects.patch(o, undefined, dryRun, manager, force, PatchStrategy.ServerSideApply);

async function failure(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: unknown };
    return {
      code: err.code,
      body:
        typeof err.body === "string"
          ? (JSON.parse(err.body) as Record<string, unknown>)
          : (err.body as Record<string, unknown>),
    };
  }
  throw new Error("expected the call to fail");
}

describe("@kubernetes/client-node against the simulator", () => {
  it("lists namespaces", async () => {
    const list = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).toEqual(
      expect.arrayContaining(["default", "istio-system", "payments"]),
    );
  });

  it("server-side applies an Istio Gateway and a Deployment, and a second identical apply is a no-op", async () => {
    const gw = await apply(gateway("ingressgateway"), "portico");
    expect(gw.metadata?.managedFields?.[0]).toMatchObject({ manager: "portico", operation: "Apply" });
    const again = await apply(gateway("ingressgateway"), "portico");
    expect(again.metadata?.resourceVersion).toBe(gw.metadata?.resourceVersion);
    expect(again.metadata?.generation).toBe(1);
    const dep = await apply(deployment, "portico");
    expect(dep.metadata?.generation).toBe(1);
    const apps = kc.makeApiClient(AppsV1Api);
    let read = await apps.readNamespacedDeployment({ name: "payments", namespace: "payments" });
    for (let i = 0; i < 100 && read.status?.readyReplicas !== 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      read = await apps.readNamespacedDeployment({ name: "payments", namespace: "payments" });
    }
    expect(read.status?.readyReplicas).toBe(2);
  });

  it("lists gateways across namespaces", async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const list = (await custom.listClusterCustomObject({
      group: "networking.istio.io",
      version: "v1",
      plural: "gateways",
    })) as {
      items: Obj[];
    };
    expect(list.items.map((g) => `${g.metadata?.namespace}/${g.metadata?.name}`)).toEqual([
      "payments/payments",
    ]);
  });

  it("gets the conflict a second field manager gets; dryRun and force", async () => {
    const f = await failure(apply(gateway("rival"), "rival"));
    expect(f.code).toBe(409);
    expect(f.body).toMatchObject({
      kind: "Status",
      reason: "Conflict",
      message: 'Apply failed with 1 conflict: conflict with "portico": .spec.selector.istio',
      details: {
        causes: [
          { type: "FieldManagerConflict", message: 'conflict with "portico"', field: ".spec.selector.istio" },
        ],
      },
    });
    const dry = await apply(gateway("rival"), "rival", true, "All");
    expect((dry.spec?.selector as { istio: string }).istio).toBe("rival");
    const live = await objects.read({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "payments", namespace: "payments" },
    });
    expect(((live as Obj).spec?.selector as { istio: string }).istio).toBe("ingressgateway");
    const forced = await apply(gateway("rival"), "rival", true);
    expect((forced.spec?.selector as { istio: string }).istio).toBe("rival");
    expect(forced.metadata?.generation).toBe(2);
  });

  it("selects by label", async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const sel = await apps.listDeploymentForAllNamespaces({
      labelSelector: "tier in (backend),app=payments",
    });
    expect(sel.items.map((d) => d.metadata?.name)).toEqual(["payments"]);
    const notSel = await apps.listDeploymentForAllNamespaces({ labelSelector: "!tier" });
    expect(notSel.items.map((d) => d.metadata?.name).sort()).toEqual(["istio-ingressgateway", "istiod"]);
  });

  it("watches from a listed resourceVersion", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: "payments" });
    const seen: string[] = [];
    const watch = new Watch(kc);
    const ctl = await watch.watch(
      "/api/v1/namespaces/payments/configmaps",
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (phase, obj: KubernetesObject) => {
        if (phase !== "BOOKMARK") seen.push(`${phase} ${obj.metadata?.name}`);
      },
      () => undefined,
    );
    await core.createNamespacedConfigMap({
      namespace: "payments",
      body: { metadata: { name: "c1" }, data: { a: "1" } },
    });
    await core.deleteNamespacedConfigMap({ namespace: "payments", name: "c1" });
    for (let i = 0; i < 50 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    expect(seen).toEqual(["ADDED c1", "DELETED c1"]);
  });

  it("feeds an informer (list, then watch with a label selector)", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const informer = makeInformer(
      kc,
      "/api/v1/namespaces/payments/configmaps",
      () =>
        core.listNamespacedConfigMap({ namespace: "payments", labelSelector: "portico.dev/managed=true" }),
      "portico.dev/managed=true",
    );
    const events: string[] = [];
    informer.on("add", (o) => events.push(`add ${o.metadata?.name}`));
    informer.on("update", (o) => events.push(`update ${o.metadata?.name}`));
    informer.on("delete", (o) => events.push(`delete ${o.metadata?.name}`));
    await core.createNamespacedConfigMap({
      namespace: "payments",
      body: { metadata: { name: "before", labels: { "portico.dev/managed": "true" } } },
    });
    await informer.start();
    await core.createNamespacedConfigMap({
      namespace: "payments",
      body: { metadata: { name: "after", labels: { "portico.dev/managed": "true" } } },
    });
    await core.createNamespacedConfigMap({
      namespace: "payments",
      body: { metadata: { name: "unmanaged" } },
    });
    // client-node 2.x sends JSON patch by default.
    await core.patchNamespacedConfigMap({
      namespace: "payments",
      name: "after",
      body: [{ op: "add", path: "/data", value: { k: "v" } }],
    });
    await core.deleteNamespacedConfigMap({ namespace: "payments", name: "before" });
    for (let i = 0; i < 100 && events.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
    await informer.stop();
    expect(events).toEqual(["add before", "add after", "update after", "delete before"]);
    expect(informer.list("payments").map((o) => o.metadata?.name)).toEqual(["after"]);
  });

  it("deletes, then reads 404", async () => {
    await objects.delete({
      apiVersion: "networking.istio.io/v1",
      kind: "Gateway",
      metadata: { name: "payments", namespace: "payments" },
    });
    const f = await failure(
      objects.read({
        apiVersion: "networking.istio.io/v1",
        kind: "Gateway",
        metadata: { name: "payments", namespace: "payments" },
      }),
    );
    expect(f.code).toBe(404);
    expect(f.body).toMatchObject({
      reason: "NotFound",
      message: 'gateways.networking.istio.io "payments" not found',
    });
  });

  it("gets 403 with a restricted token and 422 for an invalid Gateway", async () => {
    const { token } = sim.addToken("east", {
      user: "reader",
      rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }],
    });
    const restricted = new KubeConfig();
    restricted.loadFromString(sim.kubeconfig("east").replace(sim.clusters[0]!.token, token));
    const f = await failure(
      KubernetesObjectApi.makeApiClient(restricted).patch(
        gateway("x"),
        undefined,
        undefined,
        "reader",
        false,
        PatchStrategy.ServerSideApply,
      ),
    );
    expect(f.code).toBe(403);
    expect(f.body.message).toBe(
      'gateways.networking.istio.io "payments" is forbidden: User "reader" cannot patch resource "gateways" in API group "networking.istio.io" in the namespace "payments"',
    );
    const bad = gateway("ingressgateway");
    (bad.spec!.servers as { port: Record<string, unknown> }[])[0]!.port = { number: 80 };
    const inv = await failure(apply(bad, "portico"));
    expect(inv.code).toBe(422);
    expect(inv.body.reason).toBe("Invalid");
  });
});
