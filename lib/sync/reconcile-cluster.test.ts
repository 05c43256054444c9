// The reconcile against simulated clusters over real HTTP, checked with the real kubectl.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import type { Simulator } from "@/lib/sim";
import type { IsolatedDatabase } from "@/test/isolated-database";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { kubectl, kubectlAvailable, kubectlItems } from "@/test/kubectl";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { parseTopology } from "@/lib/topology";
import { adoptDrift } from "./adopt-drift";
import { desiredObjects } from "./desired-objects";
import { previewCluster } from "./preview-cluster";
import { reconcileCluster, type ReconcileOptions } from "./reconcile-cluster";
import { TransientSyncError } from "./transient-sync-error";

const example = (file: string) => parse(readFileSync(path.join("docs/examples", file), "utf8"));
const log = createLogger({ name: "test", level: "silent" });
const MANAGED = "app.kubernetes.io/managed-by=portico";

let sim: Simulator;
let iso: IsolatedDatabase;
let kubeconfig: string;

let estate: SimulatedEstate;

beforeAll(async () => {
  estate = await startSimulatedEstate("sync");
  ({ sim, iso, kubeconfig } = estate);
});

afterAll(async () => {
  await estate?.stop();
});

async function revise(document: unknown, message: string) {
  return iso.db.$transaction((tx) => createRevision(tx, { document, message, actor: null }));
}

async function reconcile(cluster: string, opts: Partial<ReconcileOptions> = {}, maxAttempts = 3) {
  const row = await iso.db.cluster.findUniqueOrThrow({ where: { name: cluster } });
  const client = openClusterClient(row, {
    allowInsecure: true,
    retry: { maxAttempts, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000 },
  });
  try {
    return await reconcileCluster(iso.db, client, cluster, log, { reason: "revision", ...opts });
  } finally {
    await client.close();
  }
}

const kubectlState = kubectlAvailable();

function withMinReplicas(n: number) {
  const doc = example("01-payments-gateway.yaml");
  doc.gateways.find((g: { name: string }) => g.name === "payments-gateway").autoscaling.minReplicas = n;
  return doc;
}

async function minReplicasInCluster(): Promise<number> {
  const [hpa] = await kubectlItems(kubeconfig, "east", ["hpa", "payments-gateway", "-n", "payments"]);
  return (hpa as unknown as { spec: { minReplicas: number } }).spec.minReplicas;
}

describe("reconcileCluster", () => {
  it("has kubectl to check the clusters independently (fails under CI when missing)", () => {
    if (!kubectlState.ok) {
      console.warn(`\n!!! kubectl checks of lib/sync did not run: ${kubectlState.why}\n`);
      if (process.env.CI === "true") throw new Error(kubectlState.why);
    }
  });

  it("first sync applies every rendered object; the Payments gateway ends up in the cluster", async () => {
    const rev = await revise(example("01-payments-gateway.yaml"), "Insert the Payments gateway");
    const summary = await reconcile("east");
    expect(summary!.applied).toBeGreaterThan(5);
    expect(summary!.errors).toBe(0);
    const inventory = await iso.db.inventoryObject.findMany({ where: { cluster: { name: "east" } } });
    expect(inventory.length).toBe(summary!.applied);
    expect(inventory.every((r) => r.status === "synced" && r.revisionNumber === rev.number)).toBe(true);
    const east = await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
    expect(east.observedRevisionId).toBe(rev.id);
    expect(east.status).toBe("reachable");
    // The version the API server reported at this contact, as kubectl reads it too.
    expect(east.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);
    if (kubectlState.ok) {
      const gateways = await kubectlItems(kubeconfig, "east", [
        "gateways.networking.istio.io",
        "-A",
        "-l",
        MANAGED,
      ]);
      expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toContain(
        "payments/payments-gateway",
      );
      const managed = await kubectl(kubeconfig, "east", [
        "get",
        "deployments,services,virtualservices.networking.istio.io",
        "-A",
        "-l",
        MANAGED,
        "-o",
        "name",
      ]);
      expect(managed.trim().split("\n").length).toBeGreaterThanOrEqual(3);
    }
  });

  it("previews a change with a diff and the cluster's dry-run verdict, writing nothing", async () => {
    const row = await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
    const inventory = await iso.db.inventoryObject.findMany({ where: { clusterId: row.id } });
    const parsed = parseTopology(withMinReplicas(4));
    if (!parsed.ok) throw new Error("example does not parse");
    const client = openClusterClient(row, { allowInsecure: true });
    sim.counters.reset("east");
    try {
      const preview = await previewCluster(client, desiredObjects(parsed.topology, "east", 99), inventory);
      expect(preview.summary).toMatchObject({ update: 1, create: 0, delete: 0, problems: 0 });
      const update = preview.items.find((i) => i.action === "update")!;
      expect(update.kind).toBe("HorizontalPodAutoscaler");
      expect(update.diff).toMatch(/-\s+minReplicas: 2\n\+\s+minReplicas: 4/);
      // An object the cluster's schema refuses is reported by the dry run.
      const bad = desiredObjects(parsed.topology, "east", 99).map((o) =>
        o.kind === "Gateway"
          ? { ...o, spec: { ...(o.spec as object), servers: [{ port: { number: "x" } }] } }
          : o,
      );
      const refused = await previewCluster(client, bad, inventory);
      expect(refused.items.find((i) => i.kind === "Gateway")?.problem?.kind).toBe("invalid");
    } finally {
      await client.close();
    }
    const writes = Object.entries(sim.counters.get("east").byVerb).filter(
      ([verb]) => !["get", "list", "watch"].includes(verb),
    );
    // Dry runs are PATCH requests with dryRun=All; they change nothing in the cluster.
    expect(
      (await iso.db.inventoryObject.findMany({ where: { clusterId: row.id, status: { not: "synced" } } }))
        .length,
    ).toBe(0);
    expect(writes.every(([verb]) => verb === "patch")).toBe(true);
  });

  it("a resync with nothing changed writes nothing to the cluster", async () => {
    sim.counters.reset("east");
    // Both the quick path of a revision sync and the full comparison of a drift sweep.
    for (const reason of ["revision", "drift-sweep"] as const) {
      const summary = await reconcile("east", { reason });
      expect(summary!.applied).toBe(0);
      expect(summary!.deleted).toBe(0);
      expect(summary!.unchanged).toBeGreaterThan(5);
    }
    const counters = sim.counters.get("east");
    const writes = Object.entries(counters.byVerb ?? {}).filter(
      ([verb]) => !["get", "list", "watch"].includes(verb),
    );
    expect(writes).toEqual([]);
  });

  it("prunes what the desired state no longer has, and only that", async () => {
    await revise(example("00-shared-ingress.yaml"), "Back to the shared ingress");
    const summary = await reconcile("east");
    expect(summary!.deleted).toBeGreaterThan(0);
    const left = await iso.db.inventoryObject.findMany({ where: { cluster: { name: "east" } } });
    if (kubectlState.ok) {
      const gateways = await kubectlItems(kubeconfig, "east", ["gateways.networking.istio.io", "-A"]);
      expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).not.toContain(
        "payments/payments-gateway",
      );
      // The cluster's own shared gateway is not Portico's and stays.
      const shared = await kubectlItems(kubeconfig, "east", ["deployments", "-n", "istio-system"]);
      expect(shared.map((d) => d.metadata.name)).toContain("istio-ingressgateway");
      // Nothing carrying Portico's label exists outside the inventory.
      const labelled = (
        await kubectl(kubeconfig, "east", [
          "get",
          "deployments,services,gateways.networking.istio.io,virtualservices.networking.istio.io,destinationrules.networking.istio.io",
          "-A",
          "-l",
          MANAGED,
          "-o",
          "name",
        ])
      )
        .trim()
        .split("\n")
        .filter(Boolean);
      expect(labelled.length).toBeLessThanOrEqual(left.length);
    }
  });

  it("shows a conflict with another field manager and forces it only when asked", async () => {
    await revise(example("01-payments-gateway.yaml"), "Insert the Payments gateway again");
    await reconcile("east");
    // Another controller takes over the autoscaler's lower bound; then Portico wants another one.
    await sim.faults.set("east", {
      competingWriter: {
        manager: "kubectl-edit",
        group: "autoscaling",
        resource: "horizontalpodautoscalers",
        namespace: "payments",
        name: "payments-gateway",
        field: ".spec.minReplicas",
        value: 5,
      },
    });
    sim.runCompetingWriter("east");
    await sim.faults.clear("east");
    await revise(withMinReplicas(3), "Scale the Payments gateway");
    const summary = await reconcile("east");
    expect(summary!.errors).toBe(1);
    const row = await iso.db.inventoryObject.findFirstOrThrow({
      where: { kind: "HorizontalPodAutoscaler", name: "payments-gateway", cluster: { name: "east" } },
    });
    expect(row.status).toBe("error");
    expect(row.errorKind).toBe("conflict");
    expect(row.message).toMatch(/\.spec\.minReplicas owned by "kubectl-edit"/);
    // Not retried in a loop: the same desired content is not applied again.
    sim.counters.reset("east");
    expect((await reconcile("east"))!.applied).toBe(0);
    // An explicit force takes the field over.
    const forced = await reconcile("east", { force: true });
    expect(forced!.applied).toBe(1);
    if (kubectlState.ok) {
      expect(await minReplicasInCluster()).toBe(3);
    }
  });

  it("marks an object changed outside Portico as drifted, and reverts it on request", async () => {
    await sim.faults.set("east", {
      competingWriter: {
        manager: "someone",
        group: "networking.istio.io",
        resource: "gateways",
        namespace: "payments",
        name: "payments-gateway",
        field: ".spec.selector",
        value: { istio: "wrong" },
      },
    });
    sim.runCompetingWriter("east");
    await sim.faults.clear("east");
    const sweep = await reconcile("east", { reason: "drift-sweep" });
    expect(sweep!.drifted).toBe(1);
    expect(sweep!.applied).toBe(0);
    const revert = await reconcile("east", { reason: "revert" });
    expect(revert!.applied).toBe(1);
    const row = await iso.db.inventoryObject.findFirstOrThrow({
      where: { kind: "Gateway", name: "payments-gateway", cluster: { name: "east" } },
    });
    expect(row.status).toBe("synced");
  });

  it("adopts a drifted autoscaler into the desired state as a new revision", async () => {
    await sim.faults.set("east", {
      competingWriter: {
        manager: "hpa-tuner",
        group: "autoscaling",
        resource: "horizontalpodautoscalers",
        namespace: "payments",
        name: "payments-gateway",
        field: ".spec.maxReplicas",
        value: 9,
      },
    });
    sim.runCompetingWriter("east");
    await sim.faults.clear("east");
    expect((await reconcile("east", { reason: "drift-sweep" }))!.drifted).toBe(1);
    const key = "autoscaling/v2/HorizontalPodAutoscaler/payments/payments-gateway";
    const adopted = await adoptDrift(iso.db, { cluster: "east", key, actor: null }, { allowInsecure: true });
    expect(adopted.changes.join()).toMatch(/"maxReplicas":9/);
    const after = await reconcile("east", { reason: "drift-sweep" });
    expect(after!.drifted).toBe(0);
    const row = await iso.db.inventoryObject.findFirstOrThrow({
      where: { kind: "HorizontalPodAutoscaler", name: "payments-gateway", cluster: { name: "east" } },
    });
    expect(row.status).toBe("synced");
    // Objects that do not map back onto the topology are refused with the reason.
    await expect(
      adoptDrift(iso.db, { cluster: "east", key, actor: null }, { allowInsecure: true }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("a cluster that is down fails the job (retried later) and says unreachable; it converges once back", async () => {
    await revise(withMinReplicas(4), "Scale again");
    await sim.faults.set("east", { down: "refuse" });
    await expect(reconcile("east")).rejects.toBeInstanceOf(TransientSyncError);
    expect((await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } })).status).toBe("unreachable");
    await sim.faults.clear("east");
    const summary = await reconcile("east", { force: true });
    expect(summary!.errors).toBe(0);
    expect((await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } })).status).toBe("reachable");
  });

  it("rides out bursts of 429 and 500 through retries", async () => {
    await revise(withMinReplicas(5), "Scale once more");
    await sim.faults.set("east", {
      throttleRate: 0.15,
      retryAfterSeconds: 0,
      errorRate: 0.1,
      errorCode: 503,
    });
    sim.counters.reset("east");
    let summary;
    for (let attempt = 0; attempt < 5 && !summary; attempt++) {
      summary = await reconcile("east", { force: true }, 6).catch((err) => {
        if (!(err instanceof TransientSyncError)) throw err;
        return undefined; // the job queue would retry; so do we
      });
    }
    await sim.faults.clear("east");
    expect(summary?.errors).toBe(0);
    // The faults really happened and were ridden out.
    expect(Object.values(sim.counters.get("east").faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    if (kubectlState.ok) {
      expect(await minReplicasInCluster()).toBe(5);
    }
  });

  it("copies Payments to west (step 3): both clusters converge on the same revision", async () => {
    const rev = await revise(example("03-payments-west.yaml"), "Payments in west");
    for (const cluster of ["east", "west"]) {
      const summary = await reconcile(cluster, { force: true });
      expect(summary!.errors).toBe(0);
      expect((await iso.db.cluster.findUniqueOrThrow({ where: { name: cluster } })).observedRevisionId).toBe(
        rev.id,
      );
    }
    if (kubectlState.ok) {
      const entries = await kubectlItems(kubeconfig, "west", [
        "serviceentries.networking.istio.io",
        "-A",
        "-l",
        MANAGED,
      ]);
      expect(entries.length).toBeGreaterThan(0);
    }
  });
});
