// The clusters list as GET /api/clusters, the clusters page and the overview read it (one getter):
// the revision each cluster holds against the newest, and its objects by sync state, with the
// health those objects give it. Own database: the newest revision is global state.
import { OWN_DATABASE_URL, dropOwnDatabase } from "@/test/helpers/own-database";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db/client";
import type { ObjectSyncStatus } from "@/lib/db/generated/client";
import { readClusterOverview } from "@/lib/overview/read-overview";
import { newestRevisionNumber } from "@/lib/revisions/newest-revision-number";
import { callRoute, createUser, sessionHeaders } from "@/test/helpers/auth-fixtures";
import { sealClusterCredentials } from "./cluster-credentials";
import { listClusters } from "./list-clusters";

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

async function revision(number: number) {
  return prisma.revision.create({
    data: { number, document: {}, documentHash: `hash-${number}`, message: `revision ${number}` },
  });
}

async function cluster(name: string, observedRevisionId: string | null, objects: ObjectSyncStatus[]) {
  const id = randomUUID();
  await prisma.cluster.create({
    data: {
      id,
      name,
      server: "https://127.0.0.1:6443",
      // A contact just now: the health then depends on the objects alone.
      lastContactAt: new Date(),
      observedRevisionId,
      ...sealClusterCredentials(id, { token: "unused" }),
    },
  });
  await prisma.inventoryObject.createMany({
    data: objects.map((status, i) => ({
      clusterId: id,
      apiVersion: "v1",
      kind: "Service",
      name: `s${i}`,
      status,
    })),
  });
}

beforeAll(async () => {
  expect(process.env.DATABASE_URL).toBe(OWN_DATABASE_URL);
  expect(await newestRevisionNumber()).toBeNull();
  const first = await revision(1);
  const second = await revision(2);
  await cluster("list-behind", first.id, ["synced", "synced", "drifted"]);
  await cluster("list-current", second.id, ["synced", "waiting", "error", "error"]);
  await cluster("list-never", null, []);
});

describe("listClusters", () => {
  it("says which revision each cluster holds and counts its objects by sync state", async () => {
    expect(await newestRevisionNumber()).toBe(2);
    const listed = await listClusters();
    expect(listed.map((c) => [c.name, c.observedRevision, c.objects, c.health.state])).toEqual([
      ["list-behind", 1, { synced: 2, drifted: 1 }, "drifted"],
      ["list-current", 2, { synced: 1, waiting: 1, error: 2 }, "degraded"],
      ["list-never", null, {}, "healthy"],
    ]);
    // Never the credentials, whatever the list adds.
    for (const { credentials } of await prisma.cluster.findMany({ select: { credentials: true } }))
      expect(JSON.stringify(listed)).not.toContain(credentials);
  });

  it("answers GET /api/clusters with the same list", async () => {
    const headers = await sessionHeaders((await createUser([{ role: "auditor" }])).id);
    const res = await callRoute("GET", "/api/clusters", { headers });
    expect(res.status).toBe(200);
    const { clusters } = (await res.json()) as {
      clusters: { name: string; observedRevision: number | null }[];
    };
    // The same list but for what depends on the instant of each call (the contact's age).
    const instant = (list: unknown) =>
      (JSON.parse(JSON.stringify(list)) as { health: Record<string, unknown> }[]).map((c) => ({
        ...c,
        health: { ...c.health, lastContactAgeSeconds: "(age)", summary: "(age)" },
      }));
    expect(instant(clusters)).toEqual(instant(await listClusters()));
    expect(clusters.map((c) => c.observedRevision)).toEqual([1, 2, null]);
  });

  it("feeds the overview: in sync only with the newest revision", async () => {
    const overview = await readClusterOverview();
    expect(overview.map((c) => [c.name, c.health, c.inSync])).toEqual([
      ["list-behind", "drifted", false],
      ["list-current", "degraded", true],
      ["list-never", "healthy", false],
    ]);
  });
});
