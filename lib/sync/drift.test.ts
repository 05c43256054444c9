// Drift that tells the truth: a field someone adds to one of Portico's objects with kubectl is drift,
// shown as a diff, reverted (kubectl reads it back gone) or adopted where the topology models it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import { kubectl, kubectlAvailable, kubectlItems } from "@/test/kubectl";
import type { IsolatedDatabase } from "@/test/isolated-database";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { adoptDrift } from "./adopt-drift";
import { describeDrift } from "./describe-drift";
import { previewForce } from "./preview-force";
import { reconcileCluster, type ReconcileOptions } from "./reconcile-cluster";

const log = createLogger({ name: "test", level: "silent" });
const VS = "virtualservices.networking.istio.io";
const KEY = "networking.istio.io/v1/VirtualService/analytics-gateway/analytics";
const kubectlState = kubectlAvailable();

let estate: SimulatedEstate;
let iso: IsolatedDatabase;
let kubeconfig: string;

beforeAll(async () => {
  estate = await startSimulatedEstate("drift");
  ({ iso, kubeconfig } = estate);
  const document = parse(readFileSync(path.join("docs/examples", "01-payments-gateway.yaml"), "utf8"));
  await iso.db.$transaction((tx) =>
    createRevision(tx, { document, message: "Payments gateway", actor: null }),
  );
  await reconcile({ reason: "revision" });
});

afterAll(async () => {
  await estate?.stop();
});

const reconcile = (opts: Partial<ReconcileOptions>) =>
  estate.withClient(
    async (client) =>
      (await reconcileCluster(iso.db, client, "east", log, { reason: "drift-sweep", ...opts }))!,
  );

type LiveVs = { spec: { http: Record<string, unknown>[]; exportTo?: string[] } };
const liveVs = async () =>
  (
    await kubectlItems(kubeconfig, "east", [VS, "analytics", "-n", "analytics-gateway"])
  )[0] as unknown as LiveVs;
const row = () =>
  iso.db.inventoryObject.findFirstOrThrow({
    where: {
      kind: "VirtualService",
      namespace: "analytics-gateway",
      name: "analytics",
      cluster: { name: "east" },
    },
  });
const patch = (type: "json" | "merge", body: unknown) =>
  kubectl(kubeconfig, "east", [
    "patch",
    VS,
    "analytics",
    "-n",
    "analytics-gateway",
    `--type=${type}`,
    "-p",
    JSON.stringify(body),
  ]);

describe.skipIf(!kubectlState.ok)("drift", () => {
  it("a timeout added with kubectl patch is drift within one sweep; the diff shows it; revert removes it", async () => {
    expect((await liveVs()).spec.http[0]!.timeout).toBeUndefined();
    await patch("json", [{ op: "add", path: "/spec/http/0/timeout", value: "1s" }]);

    const sweep = await reconcile({ reason: "drift-sweep" });
    expect(sweep.drifted).toBe(1);
    expect(sweep.applied).toBe(0);
    const drifted = await row();
    expect(drifted.status).toBe("drifted");
    expect(drifted.message).toMatch(/\/spec\/http\/0\/timeout/);
    // The cluster is not reported as holding the newest revision while it drifts.
    const east = await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
    expect(east.statusMessage).toMatch(/1 drifted/);

    const described = await describeDrift(iso.db, { cluster: "east", key: KEY }, { allowInsecure: true });
    expect(described.drifted).toBe(true);
    expect(described.diff).toMatch(/^-\s+timeout: 1s$/m);
    expect(described.added).toEqual(["/spec/http/0/timeout"]);
    expect(described.preexisting).toBe(false);
    // A route rule's timeout is in the topology's model: it can be adopted.
    expect(described.adopt).toMatchObject({ possible: true });
    // The force dialog shows what a forced apply would change: the timeout goes, kubectl-patch
    // loses the rules it took over.
    const plan = await previewForce(iso.db, "east", { allowInsecure: true });
    expect(plan.items.map((i) => i.key)).toEqual([KEY]);
    expect(plan.items[0]).toMatchObject({ outcome: "change", managers: ["kubectl-patch"] });
    expect(plan.items[0]!.diff).toMatch(/^-\s+timeout: 1s$/m);

    const revert = await reconcile({ reason: "revert" });
    expect(revert.applied).toBe(1);
    expect(revert.drifted).toBe(0);
    expect((await liveVs()).spec.http[0]!.timeout).toBeUndefined();
    expect((await row()).status).toBe("synced");
    expect((await reconcile({ reason: "drift-sweep" })).drifted).toBe(0);
  });

  it("a field another manager owns alone is removed by a revert too (a forced apply keeps it)", async () => {
    await patch("merge", { spec: { exportTo: ["."] } });
    expect((await reconcile({ reason: "drift-sweep" })).drifted).toBe(1);
    const described = await describeDrift(iso.db, { cluster: "east", key: KEY }, { allowInsecure: true });
    expect(described.added).toEqual(["/spec/exportTo"]);
    expect(described.adopt).toMatchObject({ possible: false });
    // Forcing would not change it (kubectl-patch's field stays): the force dialog does not list it.
    expect((await previewForce(iso.db, "east", { allowInsecure: true })).items).toEqual([]);
    if (!described.adopt.possible) expect(described.adopt.reason).toMatch(/does not model|do not model/);
    // A plain sync does not touch drift.
    expect((await reconcile({ reason: "manual" })).drifted).toBe(1);
    expect((await liveVs()).spec.exportTo).toEqual(["."]);
    // Nor does a forced apply remove it: server-side apply leaves another manager's field alone, and
    // the object is still reported drifted rather than synced.
    const forced = await reconcile({ reason: "manual", force: true });
    expect(forced.drifted).toBe(1);
    expect((await liveVs()).spec.exportTo).toEqual(["."]);
    expect((await row()).status).toBe("drifted");

    await reconcile({ reason: "revert" });
    expect((await liveVs()).spec.exportTo).toBeUndefined();
    expect((await row()).status).toBe("synced");
  });

  it("adopts the timeout into a new revision; the next sweep finds the object in sync", async () => {
    await patch("json", [{ op: "add", path: "/spec/http/0/timeout", value: "1s" }]);
    expect((await reconcile({ reason: "drift-sweep" })).drifted).toBe(1);
    const adopted = await adoptDrift(
      iso.db,
      { cluster: "east", key: KEY, actor: null },
      { allowInsecure: true },
    );
    expect(adopted.changes.join()).toMatch(/timeout none → 1s/);
    const after = await reconcile({ reason: "drift-sweep" });
    expect(after.drifted).toBe(0);
    expect((await liveVs()).spec.http[0]!.timeout).toBe("1s");
    expect((await row()).status).toBe("synced");
  });
});

it("has kubectl to check drift independently (fails under CI when missing)", () => {
  if (!kubectlState.ok) {
    console.warn(`\n!!! kubectl drift checks did not run: ${kubectlState.why}\n`);
    if (process.env.CI === "true") throw new Error(kubectlState.why);
  }
});
