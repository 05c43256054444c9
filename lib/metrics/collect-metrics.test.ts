import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedDatabase, type IsolatedDatabase } from "@/test/isolated-database";
import { collectMetrics } from "./collect-metrics";

let iso: IsolatedDatabase;
beforeAll(async () => {
  iso = await createIsolatedDatabase("metrics");
});
afterAll(() => iso?.drop());

describe("collectMetrics", () => {
  it("reports runs, applied objects, failures by cause, object errors and queue depth from the database", async () => {
    const db = iso.db;
    const cluster = await db.cluster.create({
      data: {
        id: randomUUID(),
        name: "east",
        server: "https://e",
        credentials: "x",
        credentialsKeyId: "k",
        status: "reachable",
        lastContactAt: new Date(),
      },
    });
    const rev = await db.revision.create({
      data: { number: 1, document: {}, documentHash: "h", message: "m" },
    });
    const t0 = new Date(Date.now() - 10_000);
    await db.syncRun.createMany({
      data: [
        {
          clusterId: cluster.id,
          revisionId: rev.id,
          outcome: "succeeded",
          applied: 12,
          startedAt: t0,
          finishedAt: new Date(t0.getTime() + 2000),
        },
        {
          clusterId: cluster.id,
          revisionId: rev.id,
          outcome: "failed",
          errorKind: "network",
          startedAt: t0,
          finishedAt: new Date(t0.getTime() + 4000),
        },
      ],
    });
    await db.inventoryObject.create({
      data: {
        clusterId: cluster.id,
        apiVersion: "v1",
        kind: "Service",
        name: "s",
        status: "error",
        errorKind: "conflict",
      },
    });
    await db.$executeRaw`SELECT graphile_worker.add_job('sync-cluster', '{"cluster":"east"}'::json)`;

    const { body, contentType } = await collectMetrics(db);
    expect(contentType).toMatch(/text\/plain/);
    expect(body).toContain('portico_sync_runs_total{cluster="east",outcome="succeeded"} 1');
    expect(body).toContain('portico_objects_applied_total{cluster="east"} 12');
    expect(body).toContain('portico_sync_failures_total{cause="network"} 1');
    expect(body).toContain('portico_object_errors{cluster="east",cause="conflict"} 1');
    expect(body).toContain('portico_cluster_reachable{cluster="east"} 1');
    expect(body).toContain("portico_queue_depth 1");
    expect(body).toMatch(/portico_reconcile_duration_seconds\{quantile="0.5"\} 3/);
  });
});
