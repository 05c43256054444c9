// The sweep's schedule: no cluster goes longer than one interval without a sync (and so without a
// contact with its API server), although the sweep itself only runs once a minute.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedDatabase, type IsolatedDatabase } from "@/test/isolated-database";
import { enqueueDriftSweep, SWEEP_TICK_SECONDS } from "./drift-sweep";

let iso: IsolatedDatabase;

beforeAll(async () => {
  iso = await createIsolatedDatabase("drift-sweep");
});
afterAll(async () => {
  await iso?.drop();
});

async function cluster(name: string, lastSyncAt: Date | null) {
  await iso.db.cluster.create({
    data: {
      id: randomUUID(),
      name,
      server: "https://127.0.0.1:1",
      credentials: "x",
      credentialsKeyId: "k",
      lastSyncAt,
    },
  });
}

describe("enqueueDriftSweep", () => {
  it("takes every cluster that would pass the interval before the next tick, and never-synced ones", async () => {
    const interval = 300;
    const now = new Date("2026-11-30T12:00:00Z");
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    await cluster("due-next-tick", ago(interval - SWEEP_TICK_SECONDS + 1));
    await cluster("overdue", ago(interval + 5));
    await cluster("never", null);
    await cluster("fresh", ago(interval - SWEEP_TICK_SECONDS - 1));
    const queued = await enqueueDriftSweep(iso.db, interval, now);
    expect(queued).toEqual(["due-next-tick", "never", "overdue"]);
    const jobs = await iso.db.$queryRaw<{ key: string; payload: { reason: string } }[]>`
      SELECT key, payload FROM graphile_worker._private_jobs ORDER BY key`;
    expect(jobs.map((j) => [j.key, j.payload.reason])).toEqual([
      ["sync:due-next-tick", "drift-sweep"],
      ["sync:never", "drift-sweep"],
      ["sync:overdue", "drift-sweep"],
    ]);
  });
});
