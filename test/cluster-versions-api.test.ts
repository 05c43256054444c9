// The clusters list shows the Kubernetes and the Istio version once the worker has synced, with no
// connection check ever run: every sync's contact reads GET /version and istiod's Deployment. A
// cluster without Istio syncs all the same and records no Istio. Real simulator over HTTP.
import { OWN_DATABASE_URL, dropOwnDatabase } from "./helpers/own-database";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCluster } from "@/lib/clusters/insert-cluster";
import type { ClusterDto } from "@/lib/clusters/cluster-dto";
import { openClusterClient } from "@/lib/clusters/open-cluster-client";
import { prisma } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { startSimulator, type Simulator } from "@/lib/sim";
import { reconcileCluster } from "@/lib/sync/reconcile-cluster";
import { callRoute, createUser, sessionHeaders } from "./helpers/auth-fixtures";

const log = createLogger({ name: "test", level: "silent" });
const suffix = randomUUID().slice(0, 6);
const withIstio = `mesh-${suffix}`;
const bare = `bare-${suffix}`;

let sim: Simulator;
let reader: Record<string, string>;

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  sim = await startSimulator({
    clusters: [
      { name: withIstio, zone: "eu-west-1a", istioVersion: "1.23.4" },
      { name: bare, zone: "eu-west-1b", istio: false },
    ],
    port: 0,
    deploymentReadyDelayMs: 0,
  });
  for (const c of sim.clusters) {
    await insertCluster(prisma, { name: c.name, server: c.server, caData: c.ca ?? null }, { token: c.token });
  }
  reader = await sessionHeaders((await createUser([{ role: "auditor" }])).id);
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  await prisma.$disconnect();
  await dropOwnDatabase();
});

async function sync(name: string) {
  const row = await prisma.cluster.findUniqueOrThrow({ where: { name } });
  const client = openClusterClient(row, { allowInsecure: true });
  try {
    return await reconcileCluster(prisma, client, name, log, { reason: "drift-sweep" });
  } finally {
    await client.close();
  }
}

async function listed(name: string): Promise<ClusterDto> {
  const res = await callRoute("GET", "/api/clusters", { headers: reader });
  expect(res.status).toBe(200);
  const { clusters } = (await res.json()) as { clusters: ClusterDto[] };
  const found = clusters.find((c) => c.name === name);
  if (!found) throw new Error(`${name} is not listed`);
  return found;
}

describe("cluster versions", () => {
  it("are unknown before any contact", async () => {
    expect(await listed(withIstio)).toMatchObject({
      kubernetesVersion: null,
      istioVersion: null,
      istioRevision: null,
    });
  });

  it("are recorded by one sync, without a connection check: Kubernetes from /version, Istio from istiod", async () => {
    // No revision exists: the sync applies nothing and still makes its contact.
    expect(await sync(withIstio)).toMatchObject({ applied: 0, errors: 0 });
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name: withIstio } });
    expect(row.lastCheckedAt).toBeNull();
    expect(row.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(row).toMatchObject({ istioVersion: "1.23.4", istioRevision: "default" });
    expect(await listed(withIstio)).toMatchObject({
      kubernetesVersion: row.kubernetesVersion,
      istioVersion: "1.23.4",
      istioRevision: "default",
    });
  });

  it("follow an Istio upgrade at the next sync", async () => {
    // The control plane is upgraded in place: istiod's image moves to the next patch release.
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name: withIstio } });
    const client = openClusterClient(row, { allowInsecure: true });
    try {
      const [istiod] = await client.list("apps/v1", "Deployment", {
        namespace: "istio-system",
        labelSelector: "app=istiod",
      });
      const spec = istiod!.spec as { template: { spec: { containers: { name: string; image: string }[] } } };
      const containers = spec.template.spec.containers.map((c) => ({
        name: c.name,
        image: c.image.replace(/:[^:/]+$/, ":1.23.5"),
      }));
      await client.apply(
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "istiod", namespace: "istio-system" },
          spec: { template: { spec: { containers } } },
        },
        { fieldManager: "istio-upgrade", force: true },
      );
    } finally {
      await client.close();
    }
    await sync(withIstio);
    expect(await listed(withIstio)).toMatchObject({ istioVersion: "1.23.5", istioRevision: "default" });
  });

  it("a cluster without istiod syncs all the same and records no Istio", async () => {
    const summary = await sync(bare);
    expect(summary).toMatchObject({ applied: 0, errors: 0 });
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name: bare } });
    expect(row.status).toBe("reachable");
    expect(row.contactError).toBeNull();
    expect(row.lastContactAt).not.toBeNull();
    expect(row.kubernetesVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(await listed(bare)).toMatchObject({ istioVersion: null, istioRevision: null });
  });

  it("keeps the Istio recorded before when istiod can no longer be found", async () => {
    const row = await prisma.cluster.findUniqueOrThrow({ where: { name: withIstio } });
    const client = openClusterClient(row, { allowInsecure: true });
    try {
      await client.delete("apps/v1", "Deployment", "istio-system", "istiod");
    } finally {
      await client.close();
    }
    expect(await sync(withIstio)).toMatchObject({ errors: 0 });
    expect(await listed(withIstio)).toMatchObject({ istioVersion: "1.23.5", istioRevision: "default" });
  });
});
