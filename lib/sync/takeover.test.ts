// Adoption is explicit: after an import, a hand-written VirtualService Portico renders under the same
// name is taken over only where that removes nothing the topology does not hold. A forced sync that
// would drop a rule the import left out is refused, naming the rule, and kubectl still reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { importIngress, readIngressObjects } from "@/lib/import";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import { kubectl, kubectlAvailable, kubectlItems } from "@/test/kubectl";
import type { IsolatedDatabase } from "@/test/isolated-database";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { previewForce } from "./preview-force";
import { reconcileCluster, type ReconcileOptions } from "./reconcile-cluster";

const log = createLogger({ name: "test", level: "silent" });
const kubectlState = kubectlAvailable();
const VS = "virtualservices.networking.istio.io";

let estate: SimulatedEstate;
let iso: IsolatedDatabase;
let kubeconfig: string;

/** The shared ingress's route as a platform team wrote it, with a rule the topology cannot model. */
const handWritten = {
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "payments", namespace: "payments" },
  spec: {
    hosts: ["payments.my-company.io"],
    gateways: ["istio-system/istio-ingressgateway"],
    http: [
      {
        name: "maintenance",
        match: [{ uri: { prefix: "/v1/payments/maintenance" } }],
        directResponse: { status: 503 },
      },
      {
        name: "payments-api",
        match: [{ uri: { prefix: "/v1/payments" } }],
        route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
      },
    ],
  },
};

/** A hand-written route with a TCP route next to its HTTP rule: the topology models HTTP only. */
const withTcp = {
  apiVersion: "networking.istio.io/v1",
  kind: "VirtualService",
  metadata: { name: "payments-admin", namespace: "payments" },
  spec: {
    hosts: ["analytics.my-company.io"],
    gateways: ["istio-system/istio-ingressgateway"],
    http: [
      {
        name: "admin",
        match: [{ uri: { prefix: "/admin" } }],
        route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 8080 } } }],
      },
    ],
    tcp: [
      {
        match: [{ port: 9000 }],
        route: [{ destination: { host: "payments.payments.svc.cluster.local", port: { number: 9000 } } }],
      },
    ],
  },
};

beforeAll(async () => {
  estate = await startSimulatedEstate("takeover");
  ({ iso, kubeconfig } = estate);
});

afterAll(async () => {
  await estate?.stop();
});

const reconcile = (opts: Partial<ReconcileOptions>) =>
  estate.withClient(
    async (c) => (await reconcileCluster(iso.db, c, "east", log, { reason: "revision", ...opts }))!,
  );

const rulesInCluster = async () =>
  (
    (await kubectlItems(kubeconfig, "east", [VS, "payments", "-n", "payments"]))[0] as unknown as {
      spec: { http: { name?: string }[] };
    }
  ).spec.http.map((r) => r.name);

describe.skipIf(!kubectlState.ok)("taking over objects Portico did not create", () => {
  it("import → save → force keeps the rule the import did not take, and says why", async () => {
    const file = path.join(os.tmpdir(), `portico-takeover-${process.pid}.yaml`);
    writeFileSync(file, `${stringify(handWritten)}---\n${stringify(withTcp)}`);
    await kubectl(kubeconfig, "east", ["apply", "-f", file]);

    // Import the shared ingress of east, as the wizard does, and save the proposal.
    const read = await estate.withClient((c) => readIngressObjects(c));
    const imported = importIngress({
      objects: read.objects,
      cluster: { name: "east", zone: "us-east-1a", region: "us-east-1", network: "network-east" },
      servicesRead: read.servicesRead,
    });
    expect(JSON.stringify(imported.findings)).toMatch(/maintenance/);
    const route = imported.proposal.routes.find((r) => r.name === "payments")!;
    expect(route.http.map((r) => r.name)).toEqual(["payments-api"]);
    await iso.db.$transaction((tx) =>
      createRevision(tx, {
        document: imported.proposal,
        message: "Import the shared ingress of east",
        actor: null,
        override: { reason: "test: findings of the import are expected" },
      }),
    );

    // A plain sync cannot take the rules over: kubectl owns them, and the values differ.
    await reconcile({ reason: "revision" });
    const key = {
      kind: "VirtualService",
      namespace: "payments",
      name: "payments",
      cluster: { name: "east" },
    };
    expect((await iso.db.inventoryObject.findFirstOrThrow({ where: key })).errorKind).toBe("conflict");

    // The force dialog shows, before anything happens, that this object will not be taken over and why.
    const preview = await previewForce(iso.db, "east", { allowInsecure: true });
    const item = preview.items.find((i) => i.kind === "VirtualService" && i.name === "payments")!;
    expect(item.outcome).toBe("refused");
    expect(item.lost!.join()).toMatch(/rule "maintenance"/);
    expect(item.diff).toMatch(/^-\s+name: maintenance$/m);
    expect(item.managers.join()).toMatch(/kubectl/);

    // Force: refused for that object, naming the rule; the rule is still in the cluster.
    const forced = await reconcile({ reason: "manual", force: true });
    expect(forced.errors).toBeGreaterThanOrEqual(1);
    const row = await iso.db.inventoryObject.findFirstOrThrow({ where: key });
    expect(row.errorKind).toBe("takeover");
    expect(row.message).toMatch(/rule "maintenance"/);
    expect(await rulesInCluster()).toEqual(["maintenance", "payments-api"]);

    // Once the rule is gone from the cluster (removed by its owners), the force takes the object over.
    await kubectl(kubeconfig, "east", [
      "patch",
      VS,
      "payments",
      "-n",
      "payments",
      "--type=json",
      "-p",
      JSON.stringify([{ op: "remove", path: "/spec/http/0" }]),
    ]);
    await reconcile({ reason: "manual", force: true });
    const taken = await iso.db.inventoryObject.findFirstOrThrow({ where: key });
    expect(taken.status).toBe("synced");
    expect(taken.preexisting).toBe(true);
    expect(await rulesInCluster()).toEqual(["payments-api"]);
  });

  it("keeps what a taken-over object holds beyond the topology, even through a revert, and says so", async () => {
    const key = {
      kind: "VirtualService",
      namespace: "payments",
      name: "payments-admin",
      cluster: { name: "east" },
    };
    const tcp = async () =>
      (
        (await kubectlItems(kubeconfig, "east", [VS, "payments-admin", "-n", "payments"]))[0] as unknown as {
          spec: { tcp?: unknown[] };
        }
      ).spec.tcp;
    // Taken over by the forced syncs above: its TCP route (not imported) is kept, and reported.
    const row = await iso.db.inventoryObject.findFirstOrThrow({ where: key });
    expect(row.preexisting).toBe(true);
    expect(row.status).toBe("drifted");
    expect(row.message).toMatch(/existed before Portico applied it.*keeps the rest: \/spec\/tcp/);
    expect(await tcp()).toHaveLength(1);
    await reconcile({ reason: "revert" });
    expect(await tcp()).toHaveLength(1);
    // What Portico keeps there does not stop the cluster from holding the revision: every field
    // Portico renders holds. Both the full comparison and the quick path of a revision sync say so.
    const newest = await iso.db.revision.findFirstOrThrow({ orderBy: { number: "desc" } });
    for (const reason of ["drift-sweep", "revision"] as const) {
      await iso.db.cluster.update({ where: { name: "east" }, data: { observedRevisionId: null } });
      const summary = await reconcile({ reason });
      expect(summary.errors).toBe(0);
      expect((await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } })).observedRevisionId).toBe(
        newest.id,
      );
    }
    // Only what the cluster had before Portico applied it is marked pre-existing (the payments
    // namespace held the backends already); objects Portico created are not.
    const own = await iso.db.inventoryObject.findMany({
      where: { cluster: { name: "east" }, preexisting: true },
      select: { kind: true, name: true },
    });
    expect(own.map((o) => `${o.kind}/${o.name}`).sort()).toEqual([
      "Namespace/payments",
      "VirtualService/payments",
      "VirtualService/payments-admin",
    ]);
  });
});

it("has kubectl to check takeovers independently (fails under CI when missing)", () => {
  if (!kubectlState.ok) {
    console.warn(`\n!!! kubectl takeover checks did not run: ${kubectlState.why}\n`);
    if (process.env.CI === "true") throw new Error(kubectlState.why);
  }
});
