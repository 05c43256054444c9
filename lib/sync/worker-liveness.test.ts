// A job runner that stopped inside a live process leaves its jobs locked; releaseWorkers gives them
// (and their cluster's queue) back, and only those of the workers it names.
import { OWN_DATABASE_URL, dropOwnDatabase } from "@/test/helpers/own-database";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { makeWorkerUtils } from "graphile-worker";
import { prisma } from "@/lib/db/client";
import { createLogger } from "@/lib/log/logger";
import { WorkerLiveness } from "./worker-liveness";

afterAll(async () => {
  await prisma.$disconnect();
  await dropOwnDatabase();
});

async function lockedBy(client: pg.Client, jobId: string): Promise<string | null> {
  const { rows } = await client.query<{ locked_by: string | null }>(
    "SELECT locked_by FROM graphile_worker._private_jobs WHERE id = $1",
    [jobId],
  );
  return rows[0]!.locked_by;
}

describe("WorkerLiveness.releaseWorkers", () => {
  it("unlocks the jobs and queues of the named stopped workers and leaves the others locked", async () => {
    const utils = await makeWorkerUtils({ connectionString: OWN_DATABASE_URL });
    const liveness = new WorkerLiveness(prisma, createLogger({ name: "test", level: "silent" }), {
      connectionString: OWN_DATABASE_URL,
      intervalMs: 60_000,
    });
    const client = new pg.Client({ connectionString: OWN_DATABASE_URL });
    await client.connect();
    try {
      await liveness.start();
      const east = await utils.addJob("sync-cluster", { cluster: "east" }, { queueName: "cluster:east" });
      const west = await utils.addJob("sync-cluster", { cluster: "west" }, { queueName: "cluster:west" });
      // As a runner that lost the database while releasing its jobs leaves them.
      for (const [job, worker] of [
        [east, "worker-stopped"],
        [west, "worker-running"],
      ] as const) {
        await client.query(
          "UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = $2 WHERE id = $1",
          [job.id, worker],
        );
        await client.query(
          `UPDATE graphile_worker._private_job_queues SET locked_at = now(), locked_by = $2
            WHERE id = (SELECT job_queue_id FROM graphile_worker._private_jobs WHERE id = $1)`,
          [job.id, worker],
        );
      }
      liveness.addWorker("worker-stopped");
      liveness.addWorker("worker-running");
      // addWorker heartbeats in the background: let both heartbeats land first.
      for (let i = 0; i < 50; i++) {
        const row = await prisma.workerProcess.findUnique({ where: { id: liveness.id } });
        if (row?.workerIds.length === 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 50));

      await liveness.releaseWorkers(["worker-stopped"]);

      expect(await lockedBy(client, east.id)).toBeNull();
      expect(await lockedBy(client, west.id)).toBe("worker-running");
      const { rows } = await client.query<{ queue_name: string; locked_by: string | null }>(
        "SELECT queue_name, locked_by FROM graphile_worker._private_job_queues ORDER BY queue_name",
      );
      expect(rows).toEqual([
        { queue_name: "cluster:east", locked_by: null },
        { queue_name: "cluster:west", locked_by: "worker-running" },
      ]);
      // The heartbeat no longer names the released worker, so nothing else takes it for this process's.
      const row = await prisma.workerProcess.findUniqueOrThrow({ where: { id: liveness.id } });
      expect(row.workerIds).toEqual(["worker-running"]);
    } finally {
      await client.end();
      await liveness.stop();
      await utils.release();
    }
  });
});
