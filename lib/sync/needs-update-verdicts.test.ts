// One rule for "needs an update": the plan (previewCluster), the sync (reconcileCluster) and the CLI's
// `portico diff` see the same live objects of a simulated cluster and must give the same verdict
// for every object Portico renders there.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { run } from "@/lib/cli/main";
import { createLogger } from "@/lib/log/logger";
import { createRevision } from "@/lib/revisions/create-revision";
import { objectKey, parseTopology } from "@/lib/topology";
import { kubectl, kubectlAvailable } from "@/test/kubectl";
import type { IsolatedDatabase } from "@/test/isolated-database";
import { startSimulatedEstate, type SimulatedEstate } from "@/test/simulated-estate";
import { desiredObjects } from "./desired-objects";
import { rowKey } from "./inventory-key";
import { previewCluster } from "./preview-cluster";
import { reconcileCluster } from "./reconcile-cluster";

const log = createLogger({ name: "test", level: "silent" });
const EXAMPLE = path.join("docs/examples", "01-payments-gateway.yaml");
const KINDS =
  "namespaces,serviceaccounts,roles.rbac.authorization.k8s.io,rolebindings.rbac.authorization.k8s.io,deployments.apps,services,poddisruptionbudgets.policy,horizontalpodautoscalers.autoscaling,gateways.networking.istio.io,virtualservices.networking.istio.io,destinationrules.networking.istio.io,serviceentries.networking.istio.io";
const kubectlState = kubectlAvailable();

let estate: SimulatedEstate;
let iso: IsolatedDatabase;
let kubeconfig: string;

beforeAll(async () => {
  estate = await startSimulatedEstate("verdicts");
  ({ iso, kubeconfig } = estate);
  await iso.db.$transaction((tx) =>
    createRevision(tx, { document: parse(readFileSync(EXAMPLE, "utf8")), message: "Payments", actor: null }),
  );
  await estate.withClient((c) => reconcileCluster(iso.db, c, "east", log, { reason: "revision" }));
});

afterAll(async () => {
  await estate?.stop();
});

const k = (...args: string[]) => kubectl(kubeconfig, "east", args);

it.skipIf(!kubectlState.ok)("plan, sync and `portico diff` give the same verdict per object", async () => {
  // Changes of every sort, made with kubectl as people make them:
  await k(
    "patch",
    "virtualservices.networking.istio.io",
    "analytics",
    "-n",
    "analytics-gateway",
    "--type=json",
    "-p",
    JSON.stringify([{ op: "add", path: "/spec/http/0/timeout", value: "1s" }]),
  ); // added field
  await k(
    "patch",
    "hpa",
    "payments-gateway",
    "-n",
    "payments",
    "--type=merge",
    "-p",
    JSON.stringify({ spec: { maxReplicas: 9 } }),
  ); // a field Portico sets, changed
  await k(
    "label",
    "gateways.networking.istio.io",
    "payments-gateway",
    "-n",
    "payments",
    "team.example/owner=x",
  ); // another tool's label
  await k("annotate", "services", "payments-gateway", "-n", "payments", "example.com/note=hi"); // another tool's annotation
  await k("delete", "poddisruptionbudgets.policy", "payments-gateway", "-n", "payments"); // gone

  const revision = (await iso.db.revision.findFirstOrThrow({ orderBy: { number: "desc" } })).number;
  const parsed = parseTopology(parse(readFileSync(EXAMPLE, "utf8")));
  if (!parsed.ok) throw new Error("example does not parse");
  const desired = desiredObjects(parsed.topology, "east", revision);
  const keys = desired.map(objectKey).sort();

  // 1. `portico diff` over what kubectl reads: with managedFields (`--show-managed-fields`, exact
  // ownership) and without (plain `-o yaml`: the known server defaults stand in for ownership).
  const cliVerdicts = async (...flags: string[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "portico-verdicts-"));
    writeFileSync(path.join(dir, "live.yaml"), await k("get", KINDS, "-A", "-o", "yaml", ...flags));
    let out = "";
    const code = await run(["diff", "-f", EXAMPLE, "--live", dir, "--cluster", "east", "--json"], {
      out: (t) => void (out += t),
      err: () => undefined,
    });
    expect(code).toBe(1);
    const items = (JSON.parse(out) as { items: { key: string; action: string }[] }).items;
    return new Map(items.map((i) => [i.key, i.action !== "unchanged"]));
  };
  const cli = await cliVerdicts("--show-managed-fields");
  const cliPlain = await cliVerdicts();

  // 2. The plan.
  const row = await iso.db.cluster.findUniqueOrThrow({ where: { name: "east" } });
  const inventory = await iso.db.inventoryObject.findMany({ where: { clusterId: row.id } });
  const preview = await estate.withClient((c) => previewCluster(c, desired, inventory));
  const plan = new Map(preview.items.map((i) => [i.key, i.action !== "unchanged"]));

  // 3. The sync: a drift sweep re-applies what is gone and marks drifted what differs.
  const before = new Map(inventory.map((r) => [rowKey(r), r.lastAppliedAt?.getTime() ?? 0]));
  await estate.withClient((c) => reconcileCluster(iso.db, c, "east", log, { reason: "drift-sweep" }));
  const after = await iso.db.inventoryObject.findMany({ where: { clusterId: row.id } });
  const sync = new Map(
    after.map((r) => [
      rowKey(r),
      r.status === "drifted" || (r.lastAppliedAt?.getTime() ?? 0) !== before.get(rowKey(r)),
    ]),
  );

  const verdicts = (m: Map<string, boolean>) => keys.filter((key) => m.get(key));
  const expected = [
    "autoscaling/v2/HorizontalPodAutoscaler/payments/payments-gateway",
    "networking.istio.io/v1/VirtualService/analytics-gateway/analytics",
    "policy/v1/PodDisruptionBudget/payments/payments-gateway",
  ];
  expect(verdicts(cli)).toEqual(expected);
  expect(verdicts(cliPlain)).toEqual(expected);
  expect(verdicts(plan)).toEqual(expected);
  expect(verdicts(sync)).toEqual(expected);
  // And every object has a verdict from each of the three.
  for (const key of keys) expect([cli.has(key), plan.has(key), sync.has(key)]).toEqual([true, true, true]);
});

it("has kubectl to feed the CLI (fails under CI when missing)", () => {
  if (!kubectlState.ok) {
    console.warn(`\n!!! the verdict comparison did not run: ${kubectlState.why}\n`);
    if (process.env.CI === "true") throw new Error(kubectlState.why);
  }
});
